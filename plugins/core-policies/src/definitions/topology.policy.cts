import type { JsonObject, PolicyPlugin } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

interface TopologyProperties {
  unit?: string;
  cluster?: string;
  namespace?: string;
  stage?: string;
  /** Component names to place; all components when left out. */
  components?: string[];
}

const TARGET_KEYS: Array<'unit' | 'cluster' | 'namespace' | 'stage'> = ['unit', 'cluster', 'namespace', 'stage'];

/** A component's name (the internal model's `name`; `id` is `TYPE|NAME`). */
function componentName(component: JsonObject): string | undefined {
  if (typeof component['name'] === 'string') return component['name'];
  return typeof component['id'] === 'string' ? component['id'].split('|')[1] : undefined;
}

/**
 * Places components on a unit/cluster/namespace/stage. The application is deploy's internal model, where a
 * component's placement is `scopes: { unit?, cluster?, namespace?, stage? }`: the keys given are set, the others kept.
 */
export const rewrite: PolicyPlugin<TopologyProperties>['rewrite'] = (input) => {
  const application = JSON.parse(JSON.stringify(input.application)) as typeof input.application;
  const wanted = input.properties.components;
  const placed = TARGET_KEYS.filter((key) => typeof input.properties[key] === 'string');
  if (placed.length === 0) throw new Error('topology needs at least one of unit, cluster, namespace or stage');
  const found = new Set<string>();
  for (const component of application.components) {
    const name = componentName(component);
    if (wanted && (!name || !wanted.includes(name))) continue;
    if (name) found.add(name);
    const current = component['scopes'];
    const scopes: JsonObject = current !== null && typeof current === 'object' && !Array.isArray(current) ? { ...current } : {};
    for (const key of placed) scopes[key] = input.properties[key] as string;
    component['scopes'] = scopes;
  }
  const missing = (wanted ?? []).filter((name) => !found.has(name));
  if (missing.length > 0) throw new Error(`topology names components the application does not have: ${missing.join(', ')}`);
  return { application };
};
