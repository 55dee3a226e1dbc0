import { stringify } from 'yaml';

export interface KubeconfigInput {
  cluster: string;
  server: string;
  token: string;
  /** PEM of the CA; absent for plain HTTP */
  caPem?: string;
}

/** A kubeconfig for one virtual cluster, usable by kubectl and `KubeConfig.loadFromString`. */
export function renderKubeconfig(input: KubeconfigInput): string {
  const cluster: Record<string, string | boolean> = { server: input.server };
  if (input.caPem) cluster['certificate-authority-data'] = Buffer.from(input.caPem).toString('base64');
  // client-node 2 refuses an http:// server unless TLS verification is marked as skipped.
  else cluster['insecure-skip-tls-verify'] = true;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: input.cluster, cluster }],
    users: [{ name: `${input.cluster}-admin`, user: { token: input.token } }],
    contexts: [{ name: input.cluster, context: { cluster: input.cluster, user: `${input.cluster}-admin`, namespace: 'default' } }],
    'current-context': input.cluster,
    preferences: {},
  });
}
