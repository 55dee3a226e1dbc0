import type { JsonObject, JsonValue, PolicyPlugin } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

/** Names its component by `revisionName` (`TYPE|NAME|VERSION`, VERSION ignored), or `type` and/or `name`. */
type ComponentOverride = JsonObject;

interface OverrideProperties {
  components: ComponentOverride[];
}

const LISTS_BY_NAME = ['traits', 'parameterValues', 'dataOutputs'];
const LISTS_APPENDED = ['dataInputs', 'dependencies', 'scopes'];

function identity(component: JsonObject): { type?: string; name?: string } {
  if (typeof component['revisionName'] === 'string') {
    const [type, name] = component['revisionName'].split('|');
    return { type: type || undefined, name: name && name !== '_' ? name : undefined };
  }
  return { type: component['type'] as string | undefined, name: component['name'] as string | undefined };
}

function matches(component: JsonObject, override: ComponentOverride): boolean {
  const want = identity(override);
  const have = identity(component);
  return (want.type === undefined || want.type === have.type) && (want.name === undefined || want.name === have.name);
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** RFC 7386 JSON merge patch: objects merge, null deletes, anything else replaces. */
function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isObject(patch)) return patch;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** Entries with a `name` replace the entry of the same name; the rest are appended unless already there. */
function mergeList(current: JsonValue | undefined, additions: JsonValue | undefined, byName: boolean): JsonValue[] {
  const out = Array.isArray(current) ? [...current] : [];
  for (const item of Array.isArray(additions) ? additions : []) {
    const name = isObject(item) ? item['name'] : undefined;
    const index = byName && typeof name === 'string' ? out.findIndex((e) => isObject(e) && e['name'] === name) : out.findIndex((e) => JSON.stringify(e) === JSON.stringify(item));
    if (index >= 0) out[index] = byName ? item : out[index] as JsonValue;
    else out.push(item);
  }
  return out;
}

/**
 * Merges per-environment changes into the components they name: traits, parameterValues and
 * dataOutputs by name, dataInputs/dependencies/scopes appended, `properties` as a JSON merge patch.
 * An override naming no component of the application is an error, since it is almost always a typo.
 */
export const rewrite: PolicyPlugin<OverrideProperties>['rewrite'] = (input) => {
  const application = JSON.parse(JSON.stringify(input.application)) as typeof input.application;
  input.properties.components.forEach((override, index) => {
    const targets = application.components.filter((component) => matches(component, override));
    if (targets.length === 0) {
      const { type, name } = identity(override);
      throw new Error(`override components[${index}] (${type ?? '*'}|${name ?? '*'}) matches no component of the application`);
    }
    for (const component of targets) {
      for (const key of LISTS_BY_NAME) if (key in override) component[key] = mergeList(component[key], override[key], true);
      for (const key of LISTS_APPENDED) if (key in override) component[key] = mergeList(component[key], override[key], false);
      if (isObject(override['properties'])) component['properties'] = mergePatch(component['properties'], override['properties']);
    }
  });
  return { application };
};
