import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';

/**
 * What deploy applied of an object, as the sensor checks it for drift: every leaf field outside `metadata` and
 * `status` (`spec.replicas`, `spec.template.spec.containers.0.image`, `data.key`), each with a short hash of its
 * value. Values never travel, only their hashes, so a Secret's data is not in the inventory event. An empty
 * object or array applied is a leaf that only has to exist live (the API server may fill it with defaults).
 */
export type AppliedFields = Record<string, string>;

const EMPTY_OBJECT = 'object';
const EMPTY_ARRAY = 'array';

const shortHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** Path segments joined with '.', a '.' or '\' inside a key escaped with '\'. */
const segment = (key: string): string => key.replace(/[\\.]/g, (c) => `\\${c}`);

function walk(value: unknown, path: string, into: AppliedFields): void {
  if (Array.isArray(value)) {
    if (value.length === 0) into[path] = EMPTY_ARRAY;
    value.forEach((item, i) => walk(item, `${path}.${i}`, into));
    return;
  }
  if (value !== null && typeof value === 'object') {
    // the platform's own annotations on a pod template (an operator trait's config hash) change on purpose
    const platformOwned = path.endsWith('metadata.annotations');
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([k, v]) => v !== undefined && !(platformOwned && k.startsWith('appmanager.io/')),
    );
    if (entries.length === 0) into[path] = EMPTY_OBJECT;
    for (const [key, child] of entries) walk(child, path ? `${path}.${segment(key)}` : segment(key), into);
    return;
  }
  into[path] = shortHash(canonicalJson(value));
}

/** The leaf fields of an object as applied (metadata and status left out). */
export function appliedFieldsOf(object: Record<string, unknown>): AppliedFields {
  const { metadata: _metadata, status: _status, apiVersion: _apiVersion, kind: _kind, ...rest } = object;
  const fields: AppliedFields = {};
  walk(rest, '', fields);
  return fields;
}

/** The hash of a field set: equal sets, equal hashes. */
export function hashOfFields(fields: AppliedFields): string {
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

function splitPath(path: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    if (c === '\\' && i + 1 < path.length) current += path[++i];
    else if (c === '.') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function at(object: unknown, path: string): unknown {
  let value = object;
  for (const part of splitPath(path)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function liveLeaf(value: unknown, expected: string): string | undefined {
  if (value === undefined) return undefined;
  if (expected === EMPTY_OBJECT)
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? EMPTY_OBJECT : shortHash(canonicalJson(value));
  if (expected === EMPTY_ARRAY) return Array.isArray(value) ? EMPTY_ARRAY : shortHash(canonicalJson(value));
  return shortHash(canonicalJson(value));
}

/**
 * The applied fields a live object no longer carries as applied: changed or removed ones. Fields the live object
 * has beyond them (defaults, other managers' fields, status) are not drift.
 */
export function driftedFields(applied: AppliedFields, live: Record<string, unknown>): string[] {
  const drifted: string[] = [];
  for (const [path, expected] of Object.entries(applied)) {
    if (liveLeaf(at(live, path), expected) !== expected) drifted.push(path);
  }
  return drifted.sort();
}
