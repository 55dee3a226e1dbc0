import { badRequest } from './api-error.js';
import { cloneJson, isObject, jsonEqual, type Json, type JsonObject } from './json-value.js';
import { isSetList, mergeKeyFor } from './merge-keys.js';

const ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

function mergeList(field: string, live: Json[], patch: Json[]): Json[] {
  const key = mergeKeyFor(field, [...patch, ...live]);
  if (!key) {
    if (isSetList(field)) return [...live, ...patch.filter((p) => !live.some((l) => jsonEqual(l, p)))];
    return patch.map((p) => stripDirectives(p));
  }
  if (patch.some((p) => isObject(p) && p.$patch === 'replace')) {
    return patch.filter((p) => !(isObject(p) && p.$patch === 'replace')).map(stripDirectives);
  }
  const result = live.map((l) => cloneJson(l));
  for (const item of patch) {
    if (!isObject(item)) throw badRequest(`strategic merge patch: list "${field}" expects objects keyed by "${key}"`);
    const idx = result.findIndex((l) => isObject(l) && jsonEqual(l[key], item[key]));
    if (item.$patch === 'delete') {
      if (idx >= 0) result.splice(idx, 1);
    } else if (idx >= 0) result[idx] = applyStrategicMergePatch(result[idx], item);
    else result.push(stripDirectives(item));
  }
  return result;
}

/** Reorders a keyed list as `$setElementOrder` asks, keeping items the order does not name at the end. */
function reorder(list: Json[], field: string, order: Json): Json[] {
  if (!Array.isArray(order)) return list;
  const key = mergeKeyFor(field, list);
  const keyOf = (v: Json): Json => (key && isObject(v) ? (v[key] ?? null) : v);
  const ordered: Json[] = [];
  for (const o of order) {
    const found = list.find((l) => jsonEqual(keyOf(l), keyOf(o)));
    if (found !== undefined) ordered.push(found);
  }
  return [...ordered, ...list.filter((l) => !ordered.includes(l))];
}

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, val] of Object.entries(v)) {
    if (k.startsWith('$')) continue;
    if (val !== null) out[k] = stripDirectives(val);
  }
  return out;
}

/**
 * Strategic merge patch as `kubectl apply` and `kubectl patch` send it: maps merge, `null` deletes,
 * keyed lists (containers, env, ports, volumes...) merge by key, and the `$patch`,
 * `$setElementOrder`, `$retainKeys`, `$deleteFromPrimitiveList` directives are honoured.
 */
export function applyStrategicMergePatch(live: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return patch;
  if (patch.$patch === 'replace') return stripDirectives(patch);
  if (patch.$patch === 'delete') return {};
  const result: JsonObject = isObject(live) ? { ...live } : {};
  if (Array.isArray(patch.$retainKeys)) {
    for (const k of Object.keys(result)) if (!patch.$retainKeys.includes(k)) delete result[k];
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_PRIMITIVE)) {
      const field = key.slice(DELETE_PRIMITIVE.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) result[field] = current.filter((c) => !value.some((v) => jsonEqual(v, c)));
      continue;
    }
    if (key.startsWith('$')) continue;
    if (value === null) delete result[key];
    else if (Array.isArray(value)) result[key] = mergeList(key, Array.isArray(result[key]) ? result[key] : [], value);
    else result[key] = applyStrategicMergePatch(result[key], value);
  }
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(ORDER)) continue;
    const field = key.slice(ORDER.length);
    const list = result[field];
    if (Array.isArray(list)) result[field] = reorder(list, field, order);
  }
  return result;
}
