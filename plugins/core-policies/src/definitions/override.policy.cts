import type { JsonObject, JsonValue, PolicyPlugin } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.
//
// The application it receives and returns is deploy's internal model in JSON form (the SDK's
// ApplicationDocument): a component is `{ id: 'TYPE|NAME', type, name, properties, scopes: { unit?, cluster?,
// namespace?, stage? }, traits: [{ type, runtime, properties, parameterValues, dataInputs, dataOutputs }],
// parameterValues: [{ name, value, toFieldPaths }], dataInputs: [{ from, toFieldPaths }], dataOutputs:
// [{ name, fieldPath }], dependencies: [{ component: 'TYPE|NAME', condition? }] }`. The overrides themselves are
// written by people, so they may use AppManager's spelling (`revisionName`, a trait's `name`/`spec`,
// `scopes[].scopeRef`, `dataInputs[].valueFrom.dataOutputName`) or the internal one; both are normalised onto the model.

/** Names its component by `revisionName` (`TYPE|NAME|VERSION`, VERSION ignored), `id` (`TYPE|NAME`), or `type` and/or `name`. */
type ComponentOverride = JsonObject;

interface OverrideProperties {
  components: ComponentOverride[];
}

const SCOPE_KEYS: Record<string, string> = { Unit: 'unit', Cluster: 'cluster', Namespace: 'namespace', Stage: 'stage' };
const TARGET_KEYS = ['unit', 'cluster', 'namespace', 'stage'];

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function list(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

function identity(entry: JsonObject): { type?: string; name?: string } {
  const ref = text(entry['revisionName']) ?? text(entry['id']);
  if (ref) {
    const [type, name] = ref.split('|');
    return { type: type || undefined, name: name && name !== '_' ? name : undefined };
  }
  return { type: text(entry['type']), name: text(entry['name']) };
}

function matches(component: JsonObject, override: ComponentOverride): boolean {
  const want = identity(override);
  const have = identity(component);
  return (want.type === undefined || want.type === have.type) && (want.name === undefined || want.name === have.name);
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

function parameterValue(raw: JsonValue, where: string): JsonObject {
  if (!isObject(raw) || !text(raw['name'])) throw new Error(`${where}: a parameter value needs a name`);
  const paths = raw['toFieldPaths'] ?? raw['to'];
  return { name: raw['name'] as string, value: raw['value'] ?? null, toFieldPaths: list(paths).filter((p) => typeof p === 'string') };
}

function dataInput(raw: JsonValue, where: string): JsonObject {
  const from = isObject(raw)
    ? (text(raw['from']) ?? (isObject(raw['valueFrom']) ? text(raw['valueFrom']['dataOutputName']) : undefined))
    : undefined;
  const paths = isObject(raw) ? list(raw['toFieldPaths'] ?? raw['to']).filter((p) => typeof p === 'string') : [];
  if (!from || paths.length === 0) throw new Error(`${where}: a data input needs from (or valueFrom.dataOutputName) and toFieldPaths`);
  return { from, toFieldPaths: paths };
}

function dataOutput(raw: JsonValue, where: string): JsonObject {
  const name = isObject(raw) ? text(raw['name']) : undefined;
  const fieldPath = isObject(raw) ? (text(raw['fieldPath']) ?? text(raw['from'])) : undefined;
  if (!name || !fieldPath) throw new Error(`${where}: a data output needs name and fieldPath`);
  return { name, fieldPath };
}

function dependency(raw: JsonValue, where: string): JsonObject {
  const ref = isObject(raw) ? text(raw['component']) : undefined;
  const [type, name] = (ref ?? '').split('|');
  if (!type || !name) throw new Error(`${where}: a dependency needs component: TYPE|NAME`);
  const condition = isObject(raw) ? text(raw['condition']) : undefined;
  return { component: `${type}|${name}`, ...(condition ? { condition } : {}) };
}

/** A whole trait in the model's form: `type` (AppManager: `name`), `properties` (AppManager: `spec`), runtime `pre` unless said. */
function trait(raw: JsonValue, where: string): JsonObject {
  if (!isObject(raw)) throw new Error(`${where}: a trait must be an object`);
  const type = text(raw['type']) ?? text(raw['name']);
  if (!type) throw new Error(`${where}: a trait needs a type (or AppManager's name)`);
  const runtime = raw['runtime'] ?? 'pre';
  if (runtime !== 'pre' && runtime !== 'post') throw new Error(`${where}: trait runtime must be pre or post`);
  const properties = raw['properties'] ?? raw['spec'] ?? {};
  if (!isObject(properties)) throw new Error(`${where}: trait properties must be an object`);
  return {
    type,
    runtime,
    properties,
    parameterValues: list(raw['parameterValues']).map((p, i) => parameterValue(p, `${where}.parameterValues[${i}]`)),
    dataInputs: list(raw['dataInputs']).map((d, i) => dataInput(d, `${where}.dataInputs[${i}]`)),
    dataOutputs: list(raw['dataOutputs']).map((d, i) => dataOutput(d, `${where}.dataOutputs[${i}]`)),
  };
}

/** Each addition replaces the entry with the same key, or is appended. */
function upsert(current: JsonValue | undefined, additions: JsonObject[], key: (entry: JsonObject) => string): JsonObject[] {
  const out = list(current).filter(isObject);
  for (const item of additions) {
    const index = out.findIndex((entry) => key(entry) === key(item));
    if (index >= 0) out[index] = item;
    else out.push(item);
  }
  return out;
}

/** `{ cluster: x, stage: null }` (null clears) or AppManager's `[{ scopeRef: { kind: Cluster, name: x } }]`, onto `{ cluster, ... }`. */
function scopes(current: JsonValue | undefined, change: JsonValue, where: string): JsonObject {
  const out: JsonObject = isObject(current) ? { ...current } : {};
  if (Array.isArray(change)) {
    for (const [i, entry] of change.entries()) {
      const ref = isObject(entry) && isObject(entry['scopeRef']) ? entry['scopeRef'] : undefined;
      const key = ref ? SCOPE_KEYS[String(ref['kind'])] : undefined;
      if (!ref || !key) throw new Error(`${where}[${i}]: a scope is { scopeRef: { kind: Unit|Cluster|Namespace|Stage, name } }`);
      const name = text(ref['name']);
      if (name) out[key] = name;
    }
    return out;
  }
  if (!isObject(change)) throw new Error(`${where}: scopes are { unit?, cluster?, namespace?, stage? } or a list of scopeRef`);
  for (const [key, value] of Object.entries(change)) {
    if (!TARGET_KEYS.includes(key)) throw new Error(`${where}.${key}: not one of ${TARGET_KEYS.join(', ')}`);
    if (value === null) delete out[key];
    else if (text(value)) out[key] = value;
    else throw new Error(`${where}.${key}: must be a non-empty string or null`);
  }
  return out;
}

/**
 * Merges per-environment changes into the components they name: `properties` as a JSON merge patch, traits
 * added or replaced by type, parameterValues and dataOutputs by name, dependencies by component, dataInputs
 * appended unless already there, scopes merged key by key. An override naming no component is an error.
 */
export const rewrite: PolicyPlugin<OverrideProperties>['rewrite'] = (input) => {
  const application = JSON.parse(JSON.stringify(input.application)) as typeof input.application;
  input.properties.components.forEach((override, index) => {
    const where = `override components[${index}]`;
    const targets = application.components.filter((component) => matches(component, override));
    if (targets.length === 0) {
      const { type, name } = identity(override);
      throw new Error(`${where} (${type ?? '*'}|${name ?? '*'}) matches no component of the application`);
    }
    const traits = 'traits' in override ? list(override['traits']).map((t, i) => trait(t, `${where}.traits[${i}]`)) : undefined;
    const parameterValues =
      'parameterValues' in override
        ? list(override['parameterValues']).map((p, i) => parameterValue(p, `${where}.parameterValues[${i}]`))
        : undefined;
    const dataOutputs =
      'dataOutputs' in override ? list(override['dataOutputs']).map((d, i) => dataOutput(d, `${where}.dataOutputs[${i}]`)) : undefined;
    const dataInputs =
      'dataInputs' in override ? list(override['dataInputs']).map((d, i) => dataInput(d, `${where}.dataInputs[${i}]`)) : undefined;
    const dependencies =
      'dependencies' in override ? list(override['dependencies']).map((d, i) => dependency(d, `${where}.dependencies[${i}]`)) : undefined;
    for (const component of targets) {
      if (isObject(override['properties'])) component['properties'] = mergePatch(component['properties'], override['properties']);
      if (traits) component['traits'] = upsert(component['traits'], traits, (t) => String(t['type']));
      if (parameterValues) component['parameterValues'] = upsert(component['parameterValues'], parameterValues, (p) => String(p['name']));
      if (dataOutputs) component['dataOutputs'] = upsert(component['dataOutputs'], dataOutputs, (d) => String(d['name']));
      if (dependencies) component['dependencies'] = upsert(component['dependencies'], dependencies, (d) => String(d['component']));
      if (dataInputs) component['dataInputs'] = upsert(component['dataInputs'], dataInputs, (d) => JSON.stringify(d));
      if ('scopes' in override) component['scopes'] = scopes(component['scopes'], override['scopes'] ?? null, `${where}.scopes`);
    }
  });
  return { application };
};
