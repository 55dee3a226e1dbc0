import { badRequest, notFound, staleConflict, unsupportedMediaType } from '../domain/api-error.js';
import { applyJsonPatch } from '../domain/json-patch.js';
import { cloneJson, isObject, type Json, type JsonObject } from '../domain/json-value.js';
import { applyMergePatch } from '../domain/merge-patch.js';
import { typeKey, type ResourceType } from '../domain/resource-types.js';
import type { VirtualCluster } from '../cluster/virtual-cluster.js';
import type { WriteOptions } from '../cluster/resource-writer.js';

/** Kinds with a `/scale` subresource, as `kubectl scale` and autoscalers use it. */
export const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet']);

function selectorString(o: JsonObject): string {
  const sel = isObject(o.spec) && isObject(o.spec.selector) && isObject(o.spec.selector.matchLabels) ? o.spec.selector.matchLabels : {};
  return Object.entries(sel)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
}

/** The autoscaling/v1 Scale view of a workload. */
export function toScale(o: JsonObject): JsonObject {
  const meta = o.metadata as JsonObject;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name ?? null,
      namespace: meta.namespace ?? null,
      uid: meta.uid ?? null,
      resourceVersion: meta.resourceVersion ?? null,
      creationTimestamp: meta.creationTimestamp ?? null,
    },
    spec: { replicas: Number(isObject(o.spec) ? (o.spec.replicas ?? 0) : 0) },
    status: { replicas: Number(isObject(o.status) ? (o.status.replicas ?? 0) : 0), selector: selectorString(o) },
  };
}

/** Reads or changes `spec.replicas` through the Scale view (GET, PUT, PATCH). */
export function serveScale(
  cluster: VirtualCluster,
  rt: ResourceType,
  ns: string,
  name: string,
  method: string,
  contentType: string,
  raw: string,
  opts: WriteOptions,
): JsonObject {
  const live = cluster.store.get(typeKey(rt.group, rt.resource), ns, name);
  if (!live) throw notFound(rt, name);
  const current = toScale(live);
  if (method === 'GET') return current;
  let next: Json;
  try {
    const body = JSON.parse(raw) as Json;
    const type = contentType.split(';')[0]!.trim();
    if (method === 'PUT') next = body;
    else if (type === 'application/merge-patch+json' || type === 'application/strategic-merge-patch+json')
      next = applyMergePatch(cloneJson(current), body);
    else if (type === 'application/json-patch+json') next = applyJsonPatch(current, body);
    else throw unsupportedMediaType(contentType);
  } catch (err) {
    if (err instanceof SyntaxError) throw badRequest(`the body of the request could not be decoded: ${err.message}`);
    throw err;
  }
  const replicas = isObject(next) && isObject(next.spec) ? next.spec.replicas : undefined;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
    throw badRequest('spec.replicas must be a non-negative integer');
  const sentRv = isObject(next) && isObject(next.metadata) ? next.metadata.resourceVersion : undefined;
  if (method === 'PUT' && sentRv && sentRv !== (live.metadata as JsonObject).resourceVersion) throw staleConflict(rt, name);
  const updated = cluster.writer.update(rt, ns, name, { ...live, spec: { ...(live.spec as JsonObject), replicas } }, opts);
  return toScale(updated);
}
