import { isObject, jsonEqual, type Json, type JsonObject } from './json-value.js';
import { isSetList, mergeKeyFor } from './merge-keys.js';

/**
 * A set of field paths in the managedFields `FieldsV1` vocabulary: `f:<field>`, `k:<key json>` for
 * an item of a keyed list, `v:<value json>` for a member of a set list, and `.` for "the item itself".
 * A path is its segments joined by a newline, which no segment can contain.
 */
export type FieldSet = Set<string>;

const SEP = '\n';

/** Server-owned bookkeeping that no field manager owns. */
const UNTRACKED_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'deletionTimestamp',
  'selfLink',
]);

function walk(value: Json, prefix: string[], out: FieldSet): void {
  if (!isObject(value) || Object.keys(value).length === 0) {
    out.add(prefix.join(SEP));
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (prefix.length === 1 && prefix[0] === 'f:metadata' && UNTRACKED_METADATA.has(key)) continue;
    const path = [...prefix, `f:${key}`];
    if (Array.isArray(child)) walkList(key, child, path, out);
    else walk(child, path, out);
  }
}

function walkList(field: string, items: Json[], path: string[], out: FieldSet): void {
  const key = mergeKeyFor(field, items);
  if (key && items.every(isObject)) {
    for (const item of items as JsonObject[]) {
      const itemPath = [...path, `k:${JSON.stringify({ [key]: item[key] ?? null })}`];
      out.add([...itemPath, '.'].join(SEP));
      walk(item, itemPath, out);
    }
  } else if (isSetList(field)) {
    for (const item of items) out.add([...path, `v:${JSON.stringify(item)}`].join(SEP));
  } else out.add(path.join(SEP));
}

/** The fields an object (or an apply configuration) sets; `apiVersion`, `kind` and `status` are not owned. */
export function fieldsOf(obj: JsonObject, includeStatus = false): FieldSet {
  const out: FieldSet = new Set();
  for (const [key, child] of Object.entries(obj)) {
    if (key === 'apiVersion' || key === 'kind' || (key === 'status' && !includeStatus)) continue;
    if (Array.isArray(child)) walkList(key, child, [`f:${key}`], out);
    else walk(child, [`f:${key}`], out);
  }
  return out;
}

/** Reads the value a path points at, or `undefined` when the object lacks it. */
export function valueAt(obj: Json, path: string): Json | undefined {
  let cur: Json | undefined = obj;
  for (const seg of path.split(SEP)) {
    if (cur === undefined) return undefined;
    if (seg === '.') continue;
    cur = step(cur, seg);
  }
  return cur;
}

function step(cur: Json, seg: string): Json | undefined {
  if (seg.startsWith('f:')) return isObject(cur) ? cur[seg.slice(2)] : undefined;
  if (!Array.isArray(cur)) return undefined;
  const spec = JSON.parse(seg.slice(2)) as Json;
  if (seg.startsWith('v:')) return cur.find((c) => jsonEqual(c, spec));
  const [k, v] = Object.entries(spec as JsonObject)[0]!;
  return cur.find((c) => isObject(c) && jsonEqual(c[k] ?? null, v));
}

/** Removes the field a path names (a map key, a keyed-list item, or a set member) from `obj` in place. */
export function removePath(obj: Json, path: string): void {
  const segs = path.split(SEP);
  if (segs[segs.length - 1] === '.') segs.pop();
  let cur: Json | undefined = obj;
  for (const seg of segs.slice(0, -1)) {
    if (cur === undefined) return;
    cur = step(cur, seg);
  }
  const last = segs[segs.length - 1]!;
  if (last.startsWith('f:') && isObject(cur)) delete cur[last.slice(2)];
  else if (Array.isArray(cur)) {
    const target = step(cur, last);
    const i = target === undefined ? -1 : cur.indexOf(target);
    if (i >= 0) cur.splice(i, 1);
  }
}

/** Encodes a field set as the nested `fieldsV1` object stored in `metadata.managedFields`. */
export function toFieldsV1(set: FieldSet): JsonObject {
  const root: JsonObject = {};
  for (const path of set) {
    let node = root;
    for (const seg of path.split(SEP)) {
      if (!isObject(node[seg])) node[seg] = {};
      node = node[seg] as JsonObject;
    }
  }
  return root;
}

/** Decodes a `fieldsV1` object back into leaf paths. */
export function fromFieldsV1(v: Json | undefined, prefix: string[] = [], out: FieldSet = new Set()): FieldSet {
  if (!isObject(v)) return out;
  const entries = Object.entries(v);
  if (entries.length === 0 && prefix.length > 0) out.add(prefix.join(SEP));
  for (const [seg, child] of entries) fromFieldsV1(child, [...prefix, seg], out);
  return out;
}

/** A readable field path for conflict messages: `.spec.containers[name="web"].image`. */
export function describePath(path: string): string {
  return path
    .split(SEP)
    .filter((s) => s !== '.')
    .map((s) => (s.startsWith('f:') ? `.${s.slice(2)}` : `[${s.slice(2)}]`))
    .join('');
}
