import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { ApiError, alreadyExists, badRequest, methodNotAllowed, notFound, pathNotFound } from '../domain/api-error.js';
import { isValidClusterName, type ClusterRegistry } from '../cluster/cluster-registry.js';
import { parseObject, readBody, sendJson } from '../server/http-io.js';
import { appliesTo, faultSchema, type FaultRegistry } from './fault-registry.js';
import { seedSchema, seedTemplate } from './seed.js';
import type { JsonObject } from '../domain/json-value.js';

export interface AdminContext {
  registry: ClusterRegistry;
  faults: FaultRegistry;
  kubeconfigOf(name: string): string;
  serverOf(name: string): string;
  /** cut open watches of the clusters a new rule targets */
  dropWatches(match: (name: string) => boolean): void;
}

const createSchema = z.union([
  z.strictObject({ name: z.string() }),
  z.strictObject({ count: z.number().int().min(1).max(1_000_000), prefix: z.string().min(1).max(40) }),
]);

const clusterGr = { group: 'admin.cluster-sim', resource: 'clusters' };

function parse<T>(schema: z.ZodType<T>, raw: string): T {
  const result = schema.safeParse(raw.trim() ? parseObject(raw) : {});
  if (!result.success)
    throw badRequest(`invalid request: ${result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`);
  return result.data;
}

/**
 * The simulator's own API under `/admin/v1`: clusters (create one or a numbered batch, list,
 * get, delete, kubeconfig, compact), seeded batches (clusters that start with the same objects) and fault
 * rules (per cluster, for a share, or for all).
 */
export async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  ctx: AdminContext,
): Promise<void> {
  const segs = path.split('/').filter(Boolean).map(decodeURIComponent);
  const method = req.method ?? 'GET';
  const [collection, id, action] = segs;
  if (collection === 'clusters' && id === undefined) {
    if (method === 'GET') return listClusters(res, query, ctx);
    if (method === 'POST') return createClusters(res, parse(createSchema, await readBody(req)), ctx);
    throw methodNotAllowed();
  }
  if (collection === 'seed' && id === undefined) {
    if (method !== 'POST') throw methodNotAllowed();
    return seedClusters(res, parse(seedSchema, await readBody(req)), ctx);
  }
  if (collection === 'clusters' && id !== undefined) {
    if (!ctx.registry.has(id)) throw notFound(clusterGr, id);
    if (action === undefined && method === 'GET') return sendJson(res, 200, describe(id, ctx));
    if (action === undefined && method === 'DELETE') {
      ctx.registry.remove(id);
      return sendJson(res, 200, { name: id, deleted: true });
    }
    if (action === 'kubeconfig' && method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'application/yaml' });
      res.end(ctx.kubeconfigOf(id));
      return;
    }
    if (action === 'compact' && method === 'POST') {
      ctx.registry.materialise(id)!.store.compact();
      return sendJson(res, 200, { name: id, compacted: true });
    }
    if (action === 'faults' && method === 'POST') {
      const spec = parse(faultSchema, await readBody(req));
      return addFault(res, { ...spec, clusters: [id] }, ctx);
    }
    throw pathNotFound();
  }
  if (collection === 'faults') {
    if (id === undefined && method === 'GET') return sendJson(res, 200, { items: ctx.faults.list() });
    if (id === undefined && method === 'POST') return addFault(res, parse(faultSchema, await readBody(req)), ctx);
    if (id === undefined && method === 'DELETE') {
      ctx.faults.clear();
      return sendJson(res, 200, { cleared: true });
    }
    if (id !== undefined && method === 'DELETE') {
      if (!ctx.faults.remove(id)) throw notFound({ group: 'admin.cluster-sim', resource: 'faults' }, id);
      return sendJson(res, 200, { id, deleted: true });
    }
  }
  throw pathNotFound();
}

function describe(name: string, ctx: AdminContext): object {
  return {
    name,
    server: ctx.serverOf(name),
    token: ctx.registry.tokenOf(name),
    materialised: ctx.registry.isMaterialised(name),
    kubeconfig: ctx.kubeconfigOf(name),
  };
}

function listClusters(res: ServerResponse, query: URLSearchParams, ctx: AdminContext): void {
  const limit = Math.min(Number(query.get('limit') ?? 100) || 100, 10_000);
  const items: string[] = [];
  for (const name of ctx.registry.names()) {
    if (items.length >= limit) break;
    items.push(name);
  }
  sendJson(res, 200, { total: ctx.registry.size, items });
}

function createClusters(res: ServerResponse, body: z.infer<typeof createSchema>, ctx: AdminContext): void {
  if ('name' in body) {
    if (!isValidClusterName(body.name))
      throw new ApiError(422, 'Invalid', `cluster name "${body.name}" must be a DNS-1123 label`, {
        name: body.name,
        causes: [{ field: 'name', message: 'must be a DNS-1123 label' }],
      });
    if (!ctx.registry.add(body.name)) throw alreadyExists(clusterGr, body.name);
    return sendJson(res, 201, describe(body.name, ctx));
  }
  if (!isValidClusterName(`${body.prefix}-${body.count}`)) throw badRequest(`prefix "${body.prefix}" does not make DNS-1123 cluster names`);
  let created = 0;
  for (let i = 1; i <= body.count; i++) if (ctx.registry.add(`${body.prefix}-${i}`)) created++;
  sendJson(res, 201, { created, total: ctx.registry.size, first: `${body.prefix}-1`, last: `${body.prefix}-${body.count}` });
}

function seedClusters(res: ServerResponse, body: z.infer<typeof seedSchema>, ctx: AdminContext): void {
  if (!isValidClusterName(`${body.prefix}-${body.count}`)) throw badRequest(`prefix "${body.prefix}" does not make DNS-1123 cluster names`);
  const template = seedTemplate(body.objects as JsonObject[]);
  const names = Array.from({ length: body.count }, (_, i) => `${body.prefix}-${i + 1}`);
  const created = ctx.registry.seed(names, template);
  sendJson(res, 201, {
    created,
    total: ctx.registry.size,
    first: names[0],
    last: names.at(-1),
    ...(body.tokens ? { tokens: names.map((name) => ctx.registry.tokenOf(name)) } : {}),
  });
}

function addFault(res: ServerResponse, spec: z.infer<typeof faultSchema>, ctx: AdminContext): void {
  const rule = ctx.faults.add(spec);
  if (spec.dropWatches) ctx.dropWatches((name) => appliesTo(spec, name));
  sendJson(res, 201, rule);
}
