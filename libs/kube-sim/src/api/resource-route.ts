/** A request path below a cluster's base URL, resolved to what it addresses. */
export type Route =
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'coreVersions' }
  | { kind: 'groupList' }
  | { kind: 'group'; group: string }
  | { kind: 'resourceList'; group: string; version: string }
  | { kind: 'openapiRoot' }
  | { kind: 'openapiGroupVersion'; path: string }
  | { kind: 'openapiV2' }
  | {
      kind: 'resource';
      group: string;
      version: string;
      namespace: string | undefined;
      resource: string;
      name: string | undefined;
      subresource: string | undefined;
    }
  | { kind: 'unknown' };

function resourcePath(group: string, version: string, segs: string[]): Route {
  if (segs.length === 0) return { kind: 'resourceList', group, version };
  // `namespaces/<name>[/status]` is the Namespace itself, not a namespaced collection.
  if (segs[0] === 'namespaces' && (segs.length <= 2 || (segs.length === 3 && (segs[2] === 'status' || segs[2] === 'finalize')))) {
    return { kind: 'resource', group, version, namespace: undefined, resource: 'namespaces', name: segs[1], subresource: segs[2] };
  }
  if (segs[0] === 'namespaces') {
    if (segs.length > 5) return { kind: 'unknown' };
    return { kind: 'resource', group, version, namespace: segs[1], resource: segs[2]!, name: segs[3], subresource: segs[4] };
  }
  if (segs.length > 3) return { kind: 'unknown' };
  return { kind: 'resource', group, version, namespace: undefined, resource: segs[0]!, name: segs[1], subresource: segs[2] };
}

/** Parses `/api/v1/...`, `/apis/<group>/<version>/...`, discovery and OpenAPI paths. */
export function parseRoute(path: string): Route {
  const segs = path
    .split('/')
    .filter((s) => s.length > 0)
    .map(decodeURIComponent);
  const [first, second, third] = segs;
  if (first === 'version' && segs.length === 1) return { kind: 'version' };
  if ((first === 'healthz' || first === 'livez' || first === 'readyz') && segs.length === 1) return { kind: 'health' };
  if (first === 'openapi') {
    if (second === 'v2' && segs.length === 2) return { kind: 'openapiV2' };
    if (second === 'v3' && segs.length === 2) return { kind: 'openapiRoot' };
    if (second === 'v3') return { kind: 'openapiGroupVersion', path: segs.slice(2).join('/') };
    return { kind: 'unknown' };
  }
  if (first === 'api') {
    if (segs.length === 1) return { kind: 'coreVersions' };
    if (second !== 'v1') return { kind: 'unknown' };
    return resourcePath('', 'v1', segs.slice(2));
  }
  if (first === 'apis') {
    if (segs.length === 1) return { kind: 'groupList' };
    if (segs.length === 2) return { kind: 'group', group: second! };
    return resourcePath(second!, third!, segs.slice(3));
  }
  return { kind: 'unknown' };
}
