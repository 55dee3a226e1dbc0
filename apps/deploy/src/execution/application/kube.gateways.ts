import { type KubePort } from '../../plugin-host/application/plugin.gateway.js';

/** Port: a Kubernetes client for a registered cluster (credentials stay inside the adapter). */
export abstract class KubeGateways {
  /** Throws when the cluster is not registered. */
  abstract forCluster(clusterId: string): Promise<KubePort>;
}
