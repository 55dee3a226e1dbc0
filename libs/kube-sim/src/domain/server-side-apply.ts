import { ApiError, type StatusCause } from './api-error.js';
import { describePath, fieldsOf, fromFieldsV1, removePath, toFieldsV1, valueAt, type FieldSet } from './field-set.js';
import { cloneJson, isObject, jsonEqual, type JsonObject } from './json-value.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

interface ManagedEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
}

interface Owner {
  manager: string;
  operation: 'Apply' | 'Update';
  fields: FieldSet;
}

function readOwners(obj: JsonObject | undefined): Owner[] {
  const meta = obj?.metadata;
  const entries = isObject(meta) && Array.isArray(meta.managedFields) ? meta.managedFields : [];
  return entries.filter(isObject).map((e) => ({
    manager: String(e.manager ?? ''),
    operation: e.operation === 'Apply' ? 'Apply' : 'Update',
    fields: fromFieldsV1(e.fieldsV1),
  }));
}

function writeOwners(obj: JsonObject, owners: Owner[], now: string): void {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : 'v1';
  const entries: ManagedEntry[] = owners
    .filter((o) => o.fields.size > 0)
    .map((o) => ({
      manager: o.manager,
      operation: o.operation,
      apiVersion,
      time: now,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(o.fields),
    }));
  const meta = (isObject(obj.metadata) ? obj.metadata : (obj.metadata = {})) as JsonObject;
  if (entries.length > 0) meta.managedFields = entries as unknown as JsonObject[];
  else delete meta.managedFields;
}

export interface ApplyRequest {
  manager: string;
  force: boolean;
  now: string;
}

/**
 * Server-side apply: merges the configuration into the live object, refuses (409 `Conflict`) to
 * change a field another manager owns unless forced, and removes fields this manager applied
 * before but no longer sets and nobody else owns. Returns the new object; `live` is not mutated.
 */
export function serverSideApply(live: JsonObject | undefined, config: JsonObject, req: ApplyRequest): JsonObject {
  const applied = fieldsOf(config);
  const owners = readOwners(live);
  const conflicts: StatusCause[] = [];
  if (live) {
    for (const other of owners) {
      if (other.manager === req.manager && other.operation === 'Apply') continue;
      for (const path of applied) {
        if (!other.fields.has(path) || path.endsWith('.')) continue;
        if (jsonEqual(valueAt(config, path), valueAt(live, path))) continue;
        if (req.force) other.fields.delete(path);
        else conflicts.push({ reason: 'FieldManagerConflict', message: `conflict with "${other.manager}"`, field: describePath(path) });
      }
    }
  }
  if (conflicts.length > 0) {
    const list = conflicts.map((c) => `- ${c.message}: ${c.field}`).join('\n');
    throw new ApiError(409, 'Conflict', `Apply failed with ${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''}: ${list}`, {
      causes: conflicts,
    });
  }
  const merged = applyStrategicMergePatch(cloneJson(live ?? {}), cloneJson(config)) as JsonObject;
  const mine = owners.find((o) => o.manager === req.manager && o.operation === 'Apply');
  const others = owners.filter((o) => o !== mine);
  for (const path of mine?.fields ?? []) {
    if (applied.has(path)) continue;
    const stem = path.endsWith('.') ? path.slice(0, -2) : path;
    if (others.some((o) => [...o.fields].some((p) => p === path || p.startsWith(stem)))) continue;
    removePath(merged, path);
  }
  const next = [...others, { manager: req.manager, operation: 'Apply' as const, fields: applied }];
  writeOwners(merged, next, req.now);
  return merged;
}

/**
 * Records a non-apply write (create, update, patch) the way the API server does: the writer takes
 * ownership of every field it changed, and fields that disappeared are dropped from every manager.
 * Mutates `next.metadata.managedFields`.
 */
export function recordUpdate(old: JsonObject | undefined, next: JsonObject, manager: string, now: string): void {
  const owners = readOwners(old ?? next);
  const present = fieldsOf(next);
  const changed = [...present].filter((p) => !old || !jsonEqual(valueAt(old, p), valueAt(next, p)));
  for (const o of owners) {
    for (const p of [...o.fields]) if (!present.has(p) || changed.includes(p)) o.fields.delete(p);
  }
  let mine = owners.find((o) => o.manager === manager && o.operation === 'Update');
  if (!mine) owners.push((mine = { manager, operation: 'Update', fields: new Set() }));
  for (const p of changed) mine.fields.add(p);
  writeOwners(next, owners, now);
}
