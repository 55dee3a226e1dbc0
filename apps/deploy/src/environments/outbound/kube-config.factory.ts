import { KubeConfig } from '@kubernetes/client-node';
import { kubeConfigOf as kubeConfigOfAccess } from '@appmanager/messaging';
import { type Cluster } from '../domain/environment.model.js';

type RequestContext = Parameters<KubeConfig['applySecurityAuthentication']>[0];
type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

/**
 * client-node 2 builds a new undici Agent for every request, so every call to a cluster opened a TCP connection
 * and did a TLS handshake (with a fresh SecureContext) on both ends: about a third of deploy's CPU per node.
 * This KubeConfig keeps the first Agent it was handed and lends it to every later request: keep-alive connections.
 */
export class ConnectionReusingKubeConfig extends KubeConfig {
  private dispatcher: Dispatcher | undefined;

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const fresh = context.getDispatcher();
    if (!fresh) return;
    this.dispatcher ??= fresh;
    if (fresh !== this.dispatcher) context.setDispatcher(this.dispatcher);
  }
}

/** A client-node KubeConfig for one registered cluster, built in memory (no kubeconfig file, nothing logged). */
export function kubeConfigOf(cluster: Cluster): KubeConfig {
  const { id, unitId, apiEndpoint, caCertificate, credentials } = cluster;
  return kubeConfigOfAccess(
    { clusterId: id, unitId, apiServer: apiEndpoint, caCertificate, credentials },
    new ConnectionReusingKubeConfig(),
  );
}
