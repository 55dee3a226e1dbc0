import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, methodNotAllowed, notFound, pathNotFound, unsupportedMediaType } from '../domain/api-error.js';
import { isObject, type JsonObject } from '../domain/json-value.js';
import { groupVersion, typeKey, type ResourceType } from '../domain/resource-types.js';
import type { VirtualCluster } from '../cluster/virtual-cluster.js';
import type { ObjectStore } from '../store/object-store.js';
import type { WriteOptions } from '../cluster/resource-writer.js';
import { parseObject, readBody, sendJson } from '../server/http-io.js';
import { apiGroupList, apiGroupOf, apiResourceList, coreVersions, KUBE_VERSION } from './discovery.js';
import { listObjects, selectorFilter } from './list.handler.js';
import { openApiGroupVersion, openApiRoot } from './openapi.js';
import { parseRoute } from './resource-route.js';
import { podLog } from './pod-log.handler.js';
import { serveScale, SCALABLE } from './scale.handler.js';
import { toTable, wantsTable } from './table.js';
import { serveWatch, type WatchOptions } from './watch.handler.js';

export interface KubeRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** the cluster's state, materialised on first use: discovery alone leaves an idle cluster idle */
  cluster: () => VirtualCluster;
  /** the objects a seeded cluster shares with its batch until something materialises it */
  seeded?: () => ObjectStore | undefined;
  /** the types the cluster serves, without materialising it */
  types: () => ResourceType[];
  /** path below the cluster's base URL, starting with `/` */
  path: string;
  query: URLSearchParams;
  /** the cluster's base path, e.g. `/clusters/dev-1` */
  prefix: string;
  watch: WatchOptions;
}

/** A request addressed to a resource of a materialised cluster. */
interface ResourceRequest {
  req: IncomingMessage;
  res: ServerResponse;
  cluster: VirtualCluster;
  query: URLSearchParams;
  watch: WatchOptions;
}

/** Serves one request against one virtual cluster's API. */
export async function handleKubeApi(k: KubeRequest): Promise<void> {
  const route = parseRoute(k.path);
  const method = k.req.method ?? 'GET';
  const types = k.types();
  const discovery = (body: object | undefined): void => {
    if (method !== 'GET') throw methodNotAllowed();
    if (!body) throw pathNotFound();
    sendJson(k.res, 200, body);
  };
  switch (route.kind) {
    case 'version':
      return discovery(KUBE_VERSION);
    case 'health':
      k.res.writeHead(200, { 'Content-Type': 'text/plain' });
      k.res.end('ok');
      return;
    case 'coreVersions':
      return discovery(coreVersions());
    case 'groupList':
      return discovery(apiGroupList(types));
    case 'group':
      return discovery(apiGroupOf(types, route.group));
    case 'resourceList':
      return discovery(apiResourceList(types, route.group, route.version));
    case 'openapiRoot':
      return discovery(openApiRoot(k.prefix));
    case 'openapiGroupVersion':
      return discovery(openApiGroupVersion(route.path));
    // kubectl reads OpenAPI v2 only as protobuf, which is not served; it then says so for a kind
    // it cannot map (a custom resource whose CRD is in the same file), as a real cluster makes it fail.
    case 'openapiV2':
    case 'unknown':
      throw pathNotFound();
    case 'resource': {
      const template = method === 'GET' && route.name === undefined && route.subresource === undefined ? k.seeded?.() : undefined;
      if (template && !isWatch(k.query) && !wantsTable(k.req.headers.accept)) return listSeeded(k, template, types, route);
      const cluster = k.cluster();
      const rt = cluster.types.find(route.group, route.version, route.resource);
      if (!rt) throw pathNotFound();
      if (rt.namespaced !== (route.namespace !== undefined) && !(rt.namespaced && route.name === undefined && method === 'GET')) {
        throw pathNotFound();
      }
      const sub = route.subresource;
      const served =
        (sub === 'status' && rt.hasStatus) || (sub === 'scale' && SCALABLE.has(rt.kind)) || (sub === 'log' && rt.kind === 'Pod');
      if (sub !== undefined && !served) throw pathNotFound();
      return serveResource(
        { req: k.req, res: k.res, cluster, query: k.query, watch: k.watch },
        rt,
        route.namespace,
        route.name,
        sub,
        method,
      );
    }
  }
}

const isWatch = (q: URLSearchParams): boolean => q.get('watch') === 'true' || q.get('watch') === '1';

/** A LIST of a seeded cluster, answered from the shared objects without materialising the cluster. */
function listSeeded(
  k: KubeRequest,
  template: ObjectStore,
  types: ResourceType[],
  route: { group: string; version: string; resource: string; namespace?: string | undefined },
): void {
  const rt = types.find((t) => t.group === route.group && t.version === route.version && t.resource === route.resource);
  if (!rt) throw pathNotFound();
  if (!rt.namespaced && route.namespace !== undefined) throw pathNotFound();
  const { items, metadata } = listObjects(template, rt, route.namespace, Object.fromEntries(k.query.entries()));
  sendJson(k.res, 200, { kind: `${rt.kind}List`, apiVersion: groupVersion(rt), metadata, items });
}

async function serveResource(
  k: ResourceRequest,
  rt: ResourceType,
  namespace: string | undefined,
  name: string | undefined,
  sub: string | undefined,
  method: string,
): Promise<void> {
  const q = k.query;
  const ns = namespace ?? '';
  const opts: WriteOptions = {
    manager: q.get('fieldManager') ?? (k.req.headers['user-agent'] ?? 'unknown').split('/')[0]!,
    dryRun: q.get('dryRun') === 'All',
    force: q.get('force') === 'true',
  };
  const writer = k.cluster.writer;
  const store = k.cluster.store;
  const asTable = wantsTable(k.req.headers.accept);
  const reply = (code: number, o: JsonObject): void => {
    const gv = groupVersion(rt);
    const shaped = o.apiVersion === gv ? o : { ...o, apiVersion: gv };
    sendJson(k.res, code, asTable && method === 'GET' ? toTable(rt, [shaped], {}) : shaped);
  };
  const contentType = k.req.headers['content-type'] ?? '';
  // Bodies come as JSON (or YAML for apply); protobuf/CBOR get 415 so client-go falls back to JSON.
  if ((method === 'POST' || method === 'PUT') && /protobuf|cbor/.test(contentType)) throw unsupportedMediaType(contentType);
  if (sub === 'log' && name !== undefined) {
    if (method !== 'GET') throw methodNotAllowed();
    const text = podLog(store, rt, ns, name, q.get('container'));
    k.res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
    k.res.end(text);
    return;
  }
  if (sub === 'scale' && name !== undefined) {
    const body = method === 'GET' ? '' : await readBody(k.req);
    return sendJson(k.res, 200, serveScale(k.cluster, rt, ns, name, method, contentType, body, opts));
  }
  if (name === undefined) {
    if (method === 'GET') {
      const query = Object.fromEntries(q.entries());
      if (q.get('watch') === 'true' || q.get('watch') === '1')
        return serveWatch(k.req, k.res, k.cluster, rt, namespace, query, asTable, k.watch);
      const { items, metadata } = listObjects(store, rt, namespace, query);
      if (asTable) return sendJson(k.res, 200, toTable(rt, items, metadata));
      return sendJson(k.res, 200, { kind: `${rt.kind}List`, apiVersion: groupVersion(rt), metadata, items });
    }
    if (method === 'POST') return reply(201, writer.create(rt, ns, parseObject(await readBody(k.req)) as JsonObject, opts));
    if (method === 'DELETE') return deleteCollection(k, rt, namespace);
    throw methodNotAllowed();
  }
  switch (method) {
    case 'GET': {
      const o = store.get(typeKey(rt.group, rt.resource), ns, name);
      if (!o) throw notFound(rt, name);
      return reply(200, o);
    }
    case 'PUT':
      return reply(200, writer.update(rt, ns, name, parseObject(await readBody(k.req)) as JsonObject, opts, sub));
    case 'PATCH': {
      const existed = store.get(typeKey(rt.group, rt.resource), ns, name) !== undefined;
      const result = writer.patch(rt, ns, name, k.req.headers['content-type'] ?? '', await readBody(k.req), opts, sub);
      return reply(existed ? 200 : 201, result);
    }
    case 'DELETE': {
      const raw = await readBody(k.req);
      const body = raw.trim() ? (parseObject(raw) as JsonObject) : {};
      checkPreconditions(k, rt, ns, name, body);
      const propagation = q.get('propagationPolicy') ?? (typeof body.propagationPolicy === 'string' ? body.propagationPolicy : undefined);
      const dryRun = opts.dryRun || (Array.isArray(body.dryRun) && body.dryRun.includes('All'));
      return reply(200, writer.delete(rt, ns, name, propagation, dryRun));
    }
    default:
      throw methodNotAllowed();
  }
}

function checkPreconditions(k: ResourceRequest, rt: ResourceType, ns: string, name: string, body: JsonObject): void {
  const pre = isObject(body.preconditions) ? body.preconditions : undefined;
  if (!pre) return;
  const live = k.cluster.store.get(typeKey(rt.group, rt.resource), ns, name);
  if (!live) throw notFound(rt, name);
  const meta = live.metadata as JsonObject;
  if ((pre.uid && pre.uid !== meta.uid) || (pre.resourceVersion && pre.resourceVersion !== meta.resourceVersion)) {
    throw new ApiError(
      409,
      'Conflict',
      `Precondition failed for ${rt.resource} "${name}": the uid or resourceVersion in the precondition does not match`,
    );
  }
}

function deleteCollection(k: ResourceRequest, rt: ResourceType, namespace: string | undefined): void {
  const filter = selectorFilter(Object.fromEntries(k.query.entries()));
  const key = typeKey(rt.group, rt.resource);
  const victims = k.cluster.store.list(key, namespace).filter(filter);
  const deleted = victims.map((o) => {
    const meta = o.metadata as JsonObject;
    return k.cluster.writer.delete(rt, String(meta.namespace ?? ''), String(meta.name), k.query.get('propagationPolicy') ?? undefined);
  });
  sendJson(k.res, 200, {
    kind: `${rt.kind}List`,
    apiVersion: groupVersion(rt),
    metadata: { resourceVersion: k.cluster.store.resourceVersion },
    items: deleted,
  });
}
