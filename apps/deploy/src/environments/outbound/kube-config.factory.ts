import { KubeConfig } from '@kubernetes/client-node';
import { type Cluster } from '../domain/environment.model.js';

/** A client-node KubeConfig for one registered cluster, built in memory (no kubeconfig file, nothing logged). */
export function kubeConfigOf(cluster: Cluster): KubeConfig {
  const kc = new KubeConfig();
  const credentials = cluster.credentials;
  kc.loadFromOptions({
    clusters: [{ name: cluster.id, server: cluster.apiEndpoint, caData: cluster.caCertificate ? Buffer.from(cluster.caCertificate).toString('base64') : undefined, skipTLSVerify: false }],
    users: [
      credentials.kind === 'token'
        ? { name: cluster.id, token: credentials.token }
        : { name: cluster.id, certData: Buffer.from(credentials.certificate).toString('base64'), keyData: Buffer.from(credentials.key).toString('base64') },
    ],
    contexts: [{ name: cluster.id, cluster: cluster.id, user: cluster.id }],
    currentContext: cluster.id,
  });
  return kc;
}
