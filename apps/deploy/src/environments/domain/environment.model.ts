/**
 * The environment model owned by deploy: a Unit groups clusters behind one network boundary, a Cluster is a
 * Kubernetes API with its credentials, Namespaces and Stages are where applications land (several stages may
 * share a namespace; names and labels keep them apart).
 */
export interface Unit {
  id: string;
  name: string;
  description: string;
}

/** How the platform authenticates to a cluster. Held encrypted at rest and never returned by the API. */
export type ClusterCredentials = { kind: 'token'; token: string } | { kind: 'client-certificate'; certificate: string; key: string };

/** How the sensor follows a cluster: poll (LIST on a schedule, the default) or watch. */
export type ClusterSensing = 'poll' | 'watch';

export interface Cluster {
  id: string;
  unitId: string;
  name: string;
  /** https URL of the Kubernetes API server. */
  apiEndpoint: string;
  sensing: ClusterSensing;
  /** PEM of the CA that signed the API server's certificate. */
  caCertificate: string;
  credentials: ClusterCredentials;
}

/** What the API shows of a cluster: everything but the secrets. */
export type ClusterView = Omit<Cluster, 'credentials' | 'caCertificate'> & {
  credentialKind: ClusterCredentials['kind'];
  hasCaCertificate: boolean;
};

export interface Namespace {
  id: string;
  clusterId: string;
  /** The Kubernetes namespace name. */
  name: string;
}

export interface Stage {
  id: string;
  namespaceId: string;
  name: string;
}

/** Where a deployment lands, fully resolved. */
export interface ResolvedTarget {
  unit: Unit;
  cluster: Cluster;
  namespace: Namespace;
  stage: Stage | null;
}

export function clusterView(cluster: Cluster): ClusterView {
  const { credentials, caCertificate, ...rest } = cluster;
  return { ...rest, credentialKind: credentials.kind, hasCaCertificate: caCertificate.length > 0 };
}

const idPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Ids are DNS labels, so they can appear in resource names and label values unchanged. */
export function checkId(id: string): string | null {
  if (id.length > 63) return 'at most 63 characters';
  if (!idPattern.test(id)) return 'lower-case letters, digits and "-", starting and ending with a letter or digit';
  return null;
}
