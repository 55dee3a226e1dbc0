import { Inject, Injectable } from '@nestjs/common';
import { componentInstanceChangedEvent } from '@appmanager/contracts';
import { Outbox } from '@appmanager/messaging';
import { DataSource } from 'typeorm';
import type { ComponentInstance } from '../../instances/domain/component-instance.js';
import { ComponentInstanceEntity } from '../../instances/outbound/component-instance.entity.js';
import { toInstance } from '../../instances/outbound/typeorm-component-instance.repository.js';
import type { ObservedState } from '../domain/component-state.js';
import { SensingStore } from '../application/status.ports.js';

/** Observations in the sensor's Postgres schema; a change, its history row and its event commit together. */
@Injectable()
export class SqlSensingStore extends SensingStore {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {
    super();
  }

  async instancesOn(cluster: string): Promise<ComponentInstance[]> {
    const rows = await this.dataSource.getRepository(ComponentInstanceEntity).find({ where: { cluster } });
    return rows.map(toInstance);
  }

  async recordChange(instance: ComponentInstance, next: ObservedState, observedBy: string, at: Date): Promise<void> {
    const key = [instance.appId, instance.stage, instance.cluster, instance.namespace, instance.component];
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE sensor.component_instance SET status = $6, status_message = $7, drifted = $8, observed_at = $9
          WHERE app_id = $1 AND stage = $2 AND cluster = $3 AND namespace = $4 AND component = $5`,
        [...key, next.status, next.message ?? null, JSON.stringify(next.drifted), at],
      );
      await manager.query(
        `INSERT INTO sensor.component_instance_history
           (app_id, stage, cluster, namespace, component, status, previous_status, message, drifted, observed_by, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [...key, next.status, instance.status, next.message ?? null, JSON.stringify(next.drifted), observedBy, at],
      );
      await this.outbox.add(manager, componentInstanceChangedEvent, {
        appId: instance.appId,
        stage: instance.stage,
        cluster: instance.cluster,
        namespace: instance.namespace,
        component: instance.component,
        componentType: instance.componentType,
        status: next.status,
        previousStatus: instance.status,
        ...(next.message ? { message: next.message } : {}),
        ...(next.drifted.length > 0 ? { driftedFields: next.drifted } : {}),
        version: instance.version,
        observedAt: at.toISOString(),
        observedBy,
      });
    });
  }

  async digestsOf(clusterIds: readonly string[]): Promise<Map<string, string>> {
    const rows: { cluster_id: string; digest: string }[] = await this.dataSource.query(
      'SELECT cluster_id, digest FROM sensor.cluster_observation WHERE cluster_id = ANY($1)',
      [clusterIds],
    );
    return new Map(rows.map((row) => [row.cluster_id, row.digest]));
  }

  async saveDigest(clusterId: string, digest: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO sensor.cluster_observation (cluster_id, digest, observed_at) VALUES ($1, $2, $3)
       ON CONFLICT (cluster_id) DO UPDATE SET digest = EXCLUDED.digest, observed_at = EXCLUDED.observed_at`,
      [clusterId, digest, at],
    );
  }
}
