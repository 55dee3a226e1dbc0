import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterAccess } from './cluster-credentials.source.js';

/**
 * A client-node KubeConfig for one cluster's access, built in memory (no file, nothing logged). `into` lets a caller
 * bring its own KubeConfig subclass (deploy's reuses connections).
 */
export function kubeConfigOf<K extends KubeConfig = KubeConfig>(access: ClusterAccess, into?: K): K {
  const kc = (into ?? new KubeConfig()) as K;
  const { credentials } = access;
  kc.loadFromOptions({
    clusters: [
      {
        name: access.clusterId,
        server: access.apiServer,
        caData: access.caCertificate ? Buffer.from(access.caCertificate).toString('base64') : undefined,
        skipTLSVerify: false,
      },
    ],
    users: [
      credentials.kind === 'token'
        ? { name: access.clusterId, token: credentials.token }
        : {
            name: access.clusterId,
            certData: Buffer.from(credentials.certificate).toString('base64'),
            keyData: Buffer.from(credentials.key).toString('base64'),
          },
    ],
    contexts: [{ name: access.clusterId, cluster: access.clusterId, user: access.clusterId }],
    currentContext: access.clusterId,
  });
  return kc;
}
