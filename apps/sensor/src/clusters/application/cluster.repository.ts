import type { Cluster } from '../domain/cluster.js';

/**
 * An open database transaction the caller owns (the inbox's), opaque to the application layer:
 * a write given one commits or rolls back with it.
 */
export interface Transaction {
  readonly transaction: true;
}

/** Port: the fleet the sensor knows. */
export abstract class ClusterRepository {
  /** Inserts or replaces by cluster id; a repeated event leaves the same row. */
  abstract upsert(cluster: Cluster, transaction?: Transaction): Promise<void>;
  /** Deletes by id; returns false when it was not there (already removed). */
  abstract remove(clusterId: string, transaction?: Transaction): Promise<boolean>;
  abstract list(page: { limit: number; offset: number }, unitId?: string): Promise<{ items: Cluster[]; total: number }>;
}
