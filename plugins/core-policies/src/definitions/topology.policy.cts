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

const SCOPE_KINDS: Array<[keyof TopologyProperties, string]> = [['unit', 'Unit'], ['cluster', 'Cluster'], ['namespace', 'Namespace'], ['stage', 'Stage']];

/** A component's name, from `name` or AppManager's `revisionName: TYPE|NAME|VERSION`. */
function componentName(component: JsonObject): string | undefined {
  if (typeof component['name'] === 'string') return component['name'];
  return typeof component['revisionName'] === 'string' ? component['revisionName'].split('|')[1] : undefined;
}

/**
 * Places components on a unit/cluster/namespace/stage, written as AppManager scopes
 * (`scopes: [{ scopeRef: { kind: Namespace, name } }]`): a scope of the same kind is replaced, others kept.
 */
export const rewrite: PolicyPlugin<TopologyProperties>['rewrite'] = (input) => {
  const application = JSON.parse(JSON.stringify(input.application)) as typeof input.application;
  const wanted = input.properties.components;
  const placed = SCOPE_KINDS.filter(([key]) => typeof input.properties[key] === 'string');
  if (placed.length === 0) throw new Error('topology needs at least one of unit, cluster, namespace or stage');
  const found = new Set<string>();
  for (const component of application.components) {
    const name = componentName(component);
    if (wanted && (!name || !wanted.includes(name))) continue;
    if (name) found.add(name);
    const kinds = new Set(placed.map(([, kind]) => kind));
    const scopes = Array.isArray(component['scopes']) ? (component['scopes'] as JsonObject[]) : [];
    const kept = scopes.filter((s) => !kinds.has(String((s['scopeRef'] as JsonObject | undefined)?.['kind'])));
    component['scopes'] = [...kept, ...placed.map(([key, kind]) => ({ scopeRef: { kind, name: input.properties[key] as string } }))];
  }
  const missing = (wanted ?? []).filter((name) => !found.has(name));
  if (missing.length > 0) throw new Error(`topology names components the application does not have: ${missing.join(', ')}`);
  return { application };
};
