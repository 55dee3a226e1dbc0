import { Inject, Injectable } from '@nestjs/common';
import { clusterRegisteredEvent, clusterRemovedEvent } from '@appmanager/contracts';
import { Outbox } from '@appmanager/messaging';
import { DataSource, type EntityManager, In, QueryFailedError } from 'typeorm';
import {
  CredentialsUnavailableError,
  EnvironmentConflictError,
  type EnvironmentRepository,
} from '../application/environment.repository.js';
import { type Cluster, type ClusterCredentials, type Namespace, type Stage, type Unit } from '../domain/environment.model.js';
import { type EnvironmentCatalog } from '../domain/target-resolution.js';
import { ClusterEntity, NamespaceEntity, StageEntity, UnitEntity } from './environment.entities.js';
import { SecretCipher } from './secret.cipher.js';

@Injectable()
export class TypeOrmEnvironmentRepository implements EnvironmentRepository {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(SecretCipher) private readonly cipher: SecretCipher,
  ) {}

  addUnit(unit: Unit): Promise<void> {
    return this.insert(UnitEntity, unit, `unit "${unit.id}" already exists`);
  }

  units(): Promise<Unit[]> {
    return this.dataSource.getRepository(UnitEntity).find({ order: { id: 'ASC' } });
  }

  removeUnit(id: string): Promise<boolean> {
    return this.remove(UnitEntity, id, `unit "${id}" still has clusters`);
  }

  async updateUnit(unit: Unit): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(UnitEntity)
      .update({ id: unit.id }, { name: unit.name, description: unit.description });
    return (result.affected ?? 0) > 0;
  }

  async updateCluster(cluster: Cluster): Promise<void> {
    const row = this.sealed(cluster);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(ClusterEntity, { id: cluster.id }, row);
      await this.outbox.add(manager, clusterRegisteredEvent, announcementOf(cluster));
    });
  }

  private sealed(cluster: Cluster): ClusterEntity {
    return Object.assign(new ClusterEntity(), {
      id: cluster.id,
      unitId: cluster.unitId,
      name: cluster.name,
      apiEndpoint: cluster.apiEndpoint,
      sensing: cluster.sensing,
      caSealed: this.cipher.encrypt(cluster.caCertificate),
      credentialsSealed: this.cipher.encrypt(JSON.stringify(cluster.credentials)),
    });
  }

  async registerCluster(cluster: Cluster): Promise<void> {
    const row = this.sealed(cluster);
    await this.conflicts(`cluster "${cluster.id}" already exists`, () =>
      this.dataSource.transaction(async (manager) => {
        await manager.insert(ClusterEntity, row);
        await this.outbox.add(manager, clusterRegisteredEvent, announcementOf(cluster));
      }),
    );
  }

  async cluster(id: string): Promise<Cluster | undefined> {
    const row = await this.dataSource.getRepository(ClusterEntity).findOneBy({ id });
    return row ? this.toCluster(row) : undefined;
  }

  async clustersByIds(ids: readonly string[]): Promise<Cluster[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource.getRepository(ClusterEntity).find({ where: { id: In([...ids]) }, order: { id: 'ASC' } });
    return rows.map((row) => this.toCluster(row));
  }

  async clusters(): Promise<Cluster[]> {
    return (await this.dataSource.getRepository(ClusterEntity).find({ order: { id: 'ASC' } })).map((row) => this.toCluster(row));
  }

  removeCluster(id: string): Promise<boolean> {
    return this.conflicts(`cluster "${id}" still has namespaces`, () =>
      this.dataSource.transaction(async (manager: EntityManager) => {
        const row = await manager.findOneBy(ClusterEntity, { id });
        if (!row) return false;
        await manager.delete(ClusterEntity, { id });
        await this.outbox.add(manager, clusterRemovedEvent, { clusterId: id, unitId: row.unitId });
        return true;
      }),
    );
  }

  addNamespace(namespace: Namespace): Promise<void> {
    return this.insert(
      NamespaceEntity,
      namespace,
      `namespace "${namespace.id}" (or "${namespace.name}" in cluster "${namespace.clusterId}") already exists`,
    );
  }

  namespaces(clusterId?: string): Promise<Namespace[]> {
    return this.dataSource.getRepository(NamespaceEntity).find({ where: clusterId ? { clusterId } : {}, order: { id: 'ASC' } });
  }

  removeNamespace(id: string): Promise<boolean> {
    return this.remove(NamespaceEntity, id, `namespace "${id}" still has stages`);
  }

  addStage(stage: Stage): Promise<void> {
    return this.insert(StageEntity, stage, `stage "${stage.id}" (or "${stage.name}" in namespace "${stage.namespaceId}") already exists`);
  }

  stages(namespaceId?: string): Promise<Stage[]> {
    return this.dataSource.getRepository(StageEntity).find({ where: namespaceId ? { namespaceId } : {}, order: { id: 'ASC' } });
  }

  removeStage(id: string): Promise<boolean> {
    return this.remove(StageEntity, id, `stage "${id}" is in use`);
  }

  credentialsAvailable(): boolean {
    return this.cipher.hasKey;
  }

  async resealCredentials(): Promise<{ currentKeyId: string; clusters: number; resealed: number; byKey: Record<string, number> }> {
    const currentKeyId = this.cipher.currentKeyId;
    if (!currentKeyId) throw new CredentialsUnavailableError('no key to re-seal with: DEPLOY_SECRETS_KEYS is not configured');
    const ids = (await this.dataSource.getRepository(ClusterEntity).find({ select: { id: true }, order: { id: 'ASC' } })).map((r) => r.id);
    const byKey: Record<string, number> = {};
    let resealed = 0;
    for (const id of ids)
      await this.dataSource.transaction(async (manager) => {
        const row = await manager.findOne(ClusterEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!row) return;
        const kid = this.cipher.keyIdOf(row.credentialsSealed);
        byKey[kid] = (byKey[kid] ?? 0) + 1;
        if (!this.cipher.stale(row.credentialsSealed) && !this.cipher.stale(row.caSealed)) return;
        await manager.update(
          ClusterEntity,
          { id },
          {
            caSealed: this.cipher.encrypt(this.cipher.decrypt(row.caSealed)),
            credentialsSealed: this.cipher.encrypt(this.cipher.decrypt(row.credentialsSealed)),
          },
        );
        resealed++;
      });
    return { currentKeyId, clusters: ids.length, resealed, byKey };
  }

  async catalog(): Promise<EnvironmentCatalog> {
    const [units, clusters, namespaces, stages] = await Promise.all([this.units(), this.clusters(), this.namespaces(), this.stages()]);
    return { units, clusters, namespaces, stages };
  }

  private toCluster(row: ClusterEntity): Cluster {
    return {
      id: row.id,
      unitId: row.unitId,
      name: row.name,
      apiEndpoint: row.apiEndpoint,
      sensing: row.sensing,
      caCertificate: this.cipher.decrypt(row.caSealed),
      credentials: JSON.parse(this.cipher.decrypt(row.credentialsSealed)) as ClusterCredentials,
    };
  }

  private async insert<E extends object>(entity: new () => E, value: object, conflict: string): Promise<void> {
    await this.conflicts(conflict, () => this.dataSource.getRepository(entity).insert(Object.assign(new entity(), value)));
  }

  private remove<E extends { id: string }>(entity: new () => E, id: string, conflict: string): Promise<boolean> {
    return this.conflicts(conflict, async () => ((await this.dataSource.getRepository(entity).delete(id)).affected ?? 0) > 0);
  }

  /** Unique and foreign-key violations are the caller's conflict, not a server error. */
  private async conflicts<T>(message: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const code = (error instanceof QueryFailedError ? (error.driverError as { code?: string }) : undefined)?.code;
      // unique, foreign key, and RESTRICT (Postgres 18 reports an ON DELETE RESTRICT violation as 23001, 15 as 23503)
      if (code === '23505' || code === '23503' || code === '23001') throw new EnvironmentConflictError(message);
      throw error;
    }
  }
}

/** What env.evt.cluster.registered.v1 says of a cluster: never its CA or credentials. */
function announcementOf(cluster: Cluster) {
  return {
    clusterId: cluster.id,
    unitId: cluster.unitId,
    name: cluster.name,
    apiServer: cluster.apiEndpoint,
    sensing: cluster.sensing,
  };
}
