import { badRequest } from '../domain/api-error.js';
import type { JsonObject } from '../domain/json-value.js';
import { groupVersion, typeKey, type ResourceType } from '../domain/resource-types.js';
import { parseFieldSelector, parseLabelSelector, type KubeObjectLike } from '../domain/selectors.js';
import { nameOf, namespaceOf, type ObjectStore } from '../store/object-store.js';

export interface ListQuery {
  labelSelector?: string | null;
  fieldSelector?: string | null;
  limit?: string | null;
  continue?: string | null;
}

/** Builds a predicate from the selectors of a list or watch request (400 on bad syntax). */
export function selectorFilter(q: ListQuery): (o: JsonObject) => boolean {
  const labels = parseLabelSelector(q.labelSelector);
  const fields = parseFieldSelector(q.fieldSelector);
  return (o) => (!labels || labels(o as KubeObjectLike)) && (!fields || fields(o as KubeObjectLike));
}

const encodeContinue = (key: string, rv: string): string => Buffer.from(JSON.stringify({ k: key, rv })).toString('base64url');

function decodeContinue(token: string): { k: string; rv: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { k?: unknown; rv?: unknown };
    if (typeof parsed.k === 'string' && typeof parsed.rv === 'string') return { k: parsed.k, rv: parsed.rv };
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('continue key is not valid: illegal base64 data or malformed content');
}

/** Lists a type with selectors and `limit`/`continue` paging (ordered by namespace/name). */
export function listObjects(
  store: ObjectStore,
  rt: ResourceType,
  namespace: string | undefined,
  q: ListQuery,
): { items: JsonObject[]; metadata: JsonObject } {
  const filter = selectorFilter(q);
  let items = store.list(typeKey(rt.group, rt.resource), namespace).filter(filter);
  const gv = groupVersion(rt);
  const rv = store.resourceVersion;
  let listRv = rv;
  if (q.continue) {
    const token = decodeContinue(q.continue);
    listRv = token.rv;
    items = items.filter((o) => `${namespaceOf(o)}/${nameOf(o)}` > token.k);
  }
  const limit = q.limit ? Number(q.limit) : 0;
  if (!Number.isInteger(limit) || limit < 0) throw badRequest(`invalid limit "${String(q.limit)}"`);
  const metadata: JsonObject = { resourceVersion: listRv };
  if (limit > 0 && items.length > limit) {
    const last = items[limit - 1]!;
    metadata.continue = encodeContinue(`${namespaceOf(last)}/${nameOf(last)}`, listRv);
    metadata.remainingItemCount = items.length - limit;
    items = items.slice(0, limit);
  }
  return { items: items.map((o) => (o.apiVersion === gv ? o : { ...o, apiVersion: gv })), metadata };
}
