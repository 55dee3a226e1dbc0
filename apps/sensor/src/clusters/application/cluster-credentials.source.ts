/** What a poller needs to read a cluster: held in memory only, for the clusters it owns, never logged. */
export interface ClusterAccess {
  clusterId: string;
  unitId: string;
  apiServer: string;
  caCertificate: string;
  credentials: { kind: 'token'; token: string } | { kind: 'client-certificate'; certificate: string; key: string };
}

export class CredentialsUnavailableError extends Error {
  override readonly name = 'CredentialsUnavailableError';
}

/** Port: cluster credentials, from deploy (ADR 0011). */
export abstract class ClusterCredentialsSource {
  /** Batches ids by 500, bounded concurrency; ids deploy does not know are absent from the map. */
  abstract fetch(clusterIds: readonly string[]): Promise<Map<string, ClusterAccess>>;
}
