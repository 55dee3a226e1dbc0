import { adminHeaders } from './test-auth.js';

/** A virtual cluster as deploy's environment API registers it: where it is, its CA and a token for it. */
export interface SimulatedClusterAccess {
  id: string;
  unitId: string;
  apiEndpoint: string;
  caCertificate: string | undefined;
  token: string;
  sensing?: 'poll' | 'watch';
}

/** The parts of an in-process cluster-sim (`startClusterSim` of libs/kube-sim) that say how to reach one cluster. */
export interface ClusterSimEndpoints {
  serverOf(id: string): string;
  readonly caPem: string | undefined;
  readonly registry: { tokenOf(id: string): string };
}

/** How deploy reaches cluster `id` of an in-process cluster-sim, in unit `unitId`. */
export function simulatedClusterAccess(sim: ClusterSimEndpoints, id: string, unitId: string): SimulatedClusterAccess {
  return { id, unitId, apiEndpoint: sim.serverOf(id), caCertificate: sim.caPem, token: sim.registry.tokenOf(id) };
}

/** POSTs JSON to a service and fails, with the answer, unless it is 201 Created. */
export async function postCreated(base: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: adminHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
}

/**
 * Registers a cluster with deploy (`/v1/clusters`), one namespace on it and that namespace's stages, ids as the
 * tests use them: namespace `<name>-<cluster>`, stage `<stage>-<cluster>` (or `<stage>-<namespace>-<cluster>`
 * with `qualifyStages`).
 */
export async function registerCluster(
  deployUrl: string,
  cluster: SimulatedClusterAccess,
  namespace: { name: string; stages: string[] },
): Promise<void> {
  const { id, unitId, apiEndpoint, caCertificate, token, sensing } = cluster;
  await postCreated(deployUrl, '/v1/clusters', {
    id,
    unitId,
    name: id,
    apiEndpoint,
    caCertificate,
    credentials: { kind: 'token', token },
    ...(sensing ? { sensing } : {}),
  });
  const namespaceId = `${namespace.name}-${id}`;
  await postCreated(deployUrl, '/v1/namespaces', { id: namespaceId, clusterId: id, name: namespace.name });
  for (const stage of namespace.stages) await postCreated(deployUrl, '/v1/stages', { id: `${stage}-${id}`, namespaceId, name: stage });
}
