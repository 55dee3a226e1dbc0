import { Inject, Injectable } from '@nestjs/common';
import { ClusterRepository, type Transaction } from './cluster.repository.js';

/** env.evt.cluster.removed.v1: the cluster leaves the fleet; removing it twice is harmless. */
@Injectable()
export class RemoveClusterUseCase {
  constructor(@Inject(ClusterRepository) private readonly clusters: ClusterRepository) {}

  async execute(clusterId: string, transaction?: Transaction): Promise<{ removed: boolean }> {
    return { removed: await this.clusters.remove(clusterId, transaction) };
  }
}
