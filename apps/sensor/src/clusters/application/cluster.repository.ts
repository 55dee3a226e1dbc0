import type { Transaction } from '@appmanager/persistence';
import type { Cluster } from '../domain/cluster.js';

export type { Transaction };

/** Port: the fleet the sensor knows. */
export abstract class ClusterRepository {
  /** Inserts or replaces by cluster id; a repeated event leaves the same row. */
  abstract upsert(cluster: Cluster, transaction?: Transaction): Promise<void>;
  /** Deletes by id; returns false when it was not there (already removed). */
  abstract remove(clusterId: string, transaction?: Transaction): Promise<boolean>;
  abstract list(page: { limit: number; offset: number }, unitId?: string): Promise<{ items: Cluster[]; total: number }>;
}
