/** What a poller needs to reach one cluster: held in memory only, never stored, logged or shown. */
export interface ClusterAccess {
  clusterId: string;
  unitId: string;
  apiServer: string;
  caCertificate: string;
  credentials: { kind: 'token'; token: string } | { kind: 'client-certificate'; certificate: string; key: string };
}

/** deploy did not hand over credentials: it refused (and said why) or it did not answer. */
export class CredentialsUnavailableError extends Error {
  override readonly name = 'CredentialsUnavailableError';
}

/** Port: where a service (the sensor's pollers, the add-on service) gets access to clusters (deploy holds them). */
export abstract class ClusterCredentialsSource {
  /**
   * Batches ids by 500, bounded concurrency; ids deploy does not know are absent from the map.
   * Throws CredentialsUnavailableError (with the reason deploy gave, or "deploy did not answer").
   */
  abstract fetch(clusterIds: readonly string[]): Promise<Map<string, ClusterAccess>>;
}
