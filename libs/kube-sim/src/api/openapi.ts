import { BUILTIN_TYPES, type ResourceType } from '../domain/resource-types.js';

/**
 * A minimal OpenAPI v3 index. kubectl reads it only to learn that PATCH accepts
 * `fieldValidation` (so it leaves validation to the server); no schemas are served, so it
 * computes strategic merge patches from its compiled-in types. Without this index `kubectl apply` refuses to run unless told `--validate=false`.
 * Custom resources are not listed: kubectl then checks the Namespace spec instead, as it does
 * for CRDs on a real cluster.
 */
const gvPath = (rt: ResourceType): string => (rt.group ? `apis/${rt.group}/${rt.version}` : `api/${rt.version}`);

export function openApiRoot(prefix: string): object {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const rt of BUILTIN_TYPES) paths[gvPath(rt)] = { serverRelativeURL: `${prefix}/openapi/v3/${gvPath(rt)}?hash=cluster-sim-1` };
  return { paths };
}

export function openApiGroupVersion(path: string): object | undefined {
  const types = BUILTIN_TYPES.filter((rt) => gvPath(rt) === path);
  if (types.length === 0) return undefined;
  const paths: Record<string, object> = {};
  for (const rt of types) {
    const item = rt.namespaced ? `/${path}/namespaces/{namespace}/${rt.resource}/{name}` : `/${path}/${rt.resource}/{name}`;
    paths[item] = {
      patch: {
        operationId: `patch${rt.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: rt.group, version: rt.version, kind: rt.kind },
        parameters: [
          { name: 'dryRun', in: 'query', schema: { type: 'string' } },
          { name: 'fieldManager', in: 'query', schema: { type: 'string' } },
          { name: 'fieldValidation', in: 'query', schema: { type: 'string' } },
          { name: 'force', in: 'query', schema: { type: 'boolean' } },
        ],
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: { schemas: {} } };
}
