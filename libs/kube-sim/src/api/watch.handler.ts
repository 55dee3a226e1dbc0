import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest } from '../domain/api-error.js';
import type { JsonObject } from '../domain/json-value.js';
import { groupVersion, typeKey, type ResourceType } from '../domain/resource-types.js';
import type { VirtualCluster } from '../cluster/virtual-cluster.js';
import type { StoreEvent } from '../store/object-store.js';
import { selectorFilter, type ListQuery } from './list.handler.js';
import { toTable } from './table.js';

export interface WatchOptions {
  bookmarkIntervalMs: number;
  /** end the stream after this long, as a fault (0 = never) */
  dropAfterMs: number;
}

const DEFAULT_TIMEOUT_S = 1800;

/**
 * A watch as the API server streams it: chunked JSON lines, one `{type, object}` per event,
 * starting with synthetic ADDED events when no resourceVersion was given, resuming from the
 * event ring otherwise, and a single ERROR event carrying a 410 `Expired` Status when that
 * version is gone. Bookmarks are sent only when the client allows them.
 */
export function serveWatch(
  req: IncomingMessage,
  res: ServerResponse,
  cluster: VirtualCluster,
  rt: ResourceType,
  namespace: string | undefined,
  q: ListQuery & { resourceVersion?: string | null; allowWatchBookmarks?: string | null; timeoutSeconds?: string | null },
  asTable: boolean,
  opts: WatchOptions,
): void {
  const filter = selectorFilter(q);
  const key = typeKey(rt.group, rt.resource);
  const gv = groupVersion(rt);
  const store = cluster.store;
  const rvParam = q.resourceVersion ?? '';
  const fromRv = rvParam === '' || rvParam === '0' ? undefined : Number(rvParam);
  if (fromRv !== undefined && !Number.isInteger(fromRv)) throw badRequest(`invalid resourceVersion "${rvParam}"`);
  const timeoutS = q.timeoutSeconds ? Number(q.timeoutSeconds) : DEFAULT_TIMEOUT_S;

  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache' });
  // Clients (client-node's fetch) wait for the headers before reading events; send them now.
  res.flushHeaders();
  const send = (type: string, object: JsonObject): void => {
    const shown =
      asTable && type !== 'ERROR' && type !== 'BOOKMARK'
        ? toTable(rt, [object], { resourceVersion: String((object.metadata as JsonObject).resourceVersion) })
        : object;
    res.write(`${JSON.stringify({ type, object: shown })}\n`);
  };
  const shape = (o: JsonObject): JsonObject => (o.apiVersion === gv ? o : { ...o, apiVersion: gv });
  const inScope = (e: StoreEvent): boolean => e.key === key && (namespace === undefined || e.namespace === namespace);
  // With a selector, an object that starts or stops matching is ADDED or DELETED for this watch,
  // as the API server reports it; `visible` is what the client currently holds.
  const selective = Boolean(q.labelSelector || q.fieldSelector);
  const visible = new Set<string>();
  const idOf = (o: JsonObject): string =>
    `${String((o.metadata as JsonObject).namespace ?? '')}/${String((o.metadata as JsonObject).name)}`;
  const dispatch = (e: StoreEvent): void => {
    if (!inScope(e)) return;
    if (!selective) return send(e.type, shape(e.object));
    const id = idOf(e.object);
    const was = visible.has(id);
    const matches = filter(e.object);
    if (e.type === 'DELETED' || !matches) {
      visible.delete(id);
      if (was || (e.type === 'DELETED' && matches)) send('DELETED', shape(e.object));
      return;
    }
    visible.add(id);
    send(was ? 'MODIFIED' : 'ADDED', shape(e.object));
  };

  let backlog: StoreEvent[];
  try {
    backlog = fromRv === undefined ? [] : store.eventsSince(fromRv);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    send('ERROR', err.toStatus() as unknown as JsonObject);
    res.end();
    return;
  }
  const current = fromRv === undefined || selective ? store.list(key, namespace).filter(filter) : [];
  if (fromRv === undefined) for (const o of current) send('ADDED', shape(o));
  // Resuming, the client's view as of its version is not kept; what matches now stands in for it.
  if (selective) for (const o of current) visible.add(idOf(o));
  for (const e of backlog) {
    if (inScope(e) && (!selective || filter(e.object) || e.type === 'DELETED')) send(e.type, shape(e.object));
  }

  const timers: NodeJS.Timeout[] = [];
  const handle = { close: () => finish() };
  const unsubscribe = store.subscribe(dispatch);
  let finished = false;
  function finish(): void {
    if (finished) return;
    finished = true;
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    cluster.watches.delete(handle);
    res.end();
  }
  cluster.watches.add(handle);
  timers.push(setTimeout(finish, timeoutS * 1000));
  if (opts.dropAfterMs > 0) timers.push(setTimeout(finish, opts.dropAfterMs));
  if (q.allowWatchBookmarks === 'true' && opts.bookmarkIntervalMs > 0) {
    const bookmark = setInterval(
      () => send('BOOKMARK', { kind: rt.kind, apiVersion: gv, metadata: { resourceVersion: store.resourceVersion } }),
      opts.bookmarkIntervalMs,
    );
    timers.push(bookmark);
  }
  req.on('close', finish);
  res.on('error', finish);
}
