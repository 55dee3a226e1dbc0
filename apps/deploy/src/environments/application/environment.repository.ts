import { type Cluster, type Namespace, type Stage, type Unit } from '../domain/environment.model.js';
import { type EnvironmentCatalog } from '../domain/target-resolution.js';

/** A write refused because it collides with what exists (duplicate id, a parent with children). */
export class EnvironmentConflictError extends Error {
  override readonly name = 'EnvironmentConflictError';
}

/** Cluster credentials cannot be sealed or opened: no DEPLOY_SECRETS_KEY, or not the key they were sealed with. */
export class CredentialsUnavailableError extends Error {
  override readonly name = 'CredentialsUnavailableError';
}

/** Port: where units, clusters, namespaces and stages are kept; cluster secrets are encrypted by the adapter. */
export abstract class EnvironmentRepository {
  abstract addUnit(unit: Unit): Promise<void>;
  abstract units(): Promise<Unit[]>;
  abstract removeUnit(id: string): Promise<boolean>;
  /** Renames a unit; false when there is none. */
  abstract updateUnit(unit: Unit): Promise<boolean>;
  /** Stores the cluster and, in the same transaction, the event announcing it. */
  abstract registerCluster(cluster: Cluster): Promise<void>;
  /** Replaces a cluster (rotated credentials, a moved endpoint) and announces it again, in one transaction. */
  abstract updateCluster(cluster: Cluster): Promise<void>;
  abstract cluster(id: string): Promise<Cluster | undefined>;
  /** The registered clusters among `ids`, credentials opened; ids not registered are left out. */
  abstract clustersByIds(ids: readonly string[]): Promise<Cluster[]>;
  abstract clusters(): Promise<Cluster[]>;
  /** Removes the cluster and, in the same transaction, announces it. */
  abstract removeCluster(id: string): Promise<boolean>;
  abstract addNamespace(namespace: Namespace): Promise<void>;
  abstract namespaces(clusterId?: string): Promise<Namespace[]>;
  abstract removeNamespace(id: string): Promise<boolean>;
  abstract addStage(stage: Stage): Promise<void>;
  abstract stages(namespaceId?: string): Promise<Stage[]>;
  abstract removeStage(id: string): Promise<boolean>;
  /** Whether cluster credentials can be sealed (a DEPLOY_SECRETS_KEY is configured). */
  abstract credentialsAvailable(): boolean;
  /**
   * Re-seals, with the current key, every cluster's credentials another key sealed (row by row, each in its own
   * transaction, so the service keeps serving); what it found and did.
   */
  abstract resealCredentials(): Promise<{ currentKeyId: string; clusters: number; resealed: number; byKey: Record<string, number> }>;
  /** Everything target resolution needs, read in one go. */
  abstract catalog(): Promise<EnvironmentCatalog>;
}

/** Port: can the platform talk to this cluster with these credentials? */
export abstract class ClusterProbe {
  /** Resolves with the server's version, or rejects with a reason that never contains the credentials. */
  abstract probe(cluster: Cluster): Promise<{ version: string }>;
}
