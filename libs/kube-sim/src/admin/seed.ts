import { z } from 'zod';
import { badRequest } from '../domain/api-error.js';
import type { JsonObject } from '../domain/json-value.js';
import { BUILTIN_TYPES, groupVersion, typeKey } from '../domain/resource-types.js';
import { ObjectStore } from '../store/object-store.js';

export const seedSchema = z.strictObject({
  prefix: z.string().min(1).max(40),
  count: z.number().int().min(1).max(1_000_000),
  /** Built-in kinds only; namespaced objects without a namespace go to `default`. */
  objects: z
    .array(z.looseObject({ apiVersion: z.string(), kind: z.string(), metadata: z.looseObject({ name: z.string().min(1) }) }))
    .max(100),
  /** Answer each cluster's token (in order), so a benchmark can register thousands without asking each. */
  tokens: z.boolean().optional(),
});

/**
 * The objects every seeded cluster starts with, stored once: a seeded cluster answers LISTs from this shared
 * store until its first other request materialises it with a copy (so a fleet of 100k costs one map entry each).
 */
export function seedTemplate(objects: readonly JsonObject[]): ObjectStore {
  const template = new ObjectStore(0);
  for (const object of objects) {
    const rt = BUILTIN_TYPES.find((t) => groupVersion(t) === object.apiVersion && t.kind === object.kind);
    if (!rt) throw badRequest(`cannot seed ${String(object.apiVersion)} ${String(object.kind)}: built-in kinds only`);
    const copy = structuredClone(object);
    const metadata = copy.metadata as JsonObject;
    if (rt.namespaced) metadata.namespace ??= 'default';
    else delete metadata.namespace;
    template.create(typeKey(rt.group, rt.resource), copy);
  }
  return template;
}
