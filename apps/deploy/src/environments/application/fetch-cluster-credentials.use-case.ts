import { Inject, Injectable } from '@nestjs/common';
import { type ClusterCredentials } from '../domain/environment.model.js';
import { EnvironmentRepository } from './environment.repository.js';

/** What a poller needs to reach one cluster. */
export interface ClusterAccess {
  clusterId: string;
  unitId: string;
  apiServer: string;
  caCertificate: string;
  credentials: ClusterCredentials;
}

/** Access to the clusters a poller owns, credentials opened; the ids deploy does not know come back as `missing`. */
@Injectable()
export class FetchClusterCredentialsUseCase {
  constructor(@Inject(EnvironmentRepository) private readonly environments: EnvironmentRepository) {}

  async execute(clusterIds: readonly string[]): Promise<{ clusters: ClusterAccess[]; missing: string[] }> {
    const wanted = [...new Set(clusterIds)];
    const clusters = await this.environments.clustersByIds(wanted);
    const found = new Set(clusters.map((cluster) => cluster.id));
    return {
      clusters: clusters.map((cluster) => ({
        clusterId: cluster.id,
        unitId: cluster.unitId,
        apiServer: cluster.apiEndpoint,
        caCertificate: cluster.caCertificate,
        credentials: cluster.credentials,
      })),
      missing: wanted.filter((id) => !found.has(id)),
    };
  }
}
