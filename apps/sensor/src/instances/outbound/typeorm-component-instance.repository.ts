import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import type { Transaction } from '../../clusters/application/cluster.repository.js';
import type { ComponentInstanceFilter, ComponentInstanceRepository } from '../application/component-instance.repository.js';
import { type ComponentInstance, type ComponentPlacement, placementOf } from '../domain/component-instance.js';
import type { ComponentInstanceStatus } from '../domain/instance-status.js';
import { ComponentInstanceEntity } from './component-instance.entity.js';

@Injectable()
export class TypeOrmComponentInstanceRepository implements ComponentInstanceRepository {
  private readonly rows: Repository<ComponentInstanceEntity>;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.rows = dataSource.getRepository(ComponentInstanceEntity);
  }

  async lockOne(placement: ComponentPlacement, transaction: Transaction): Promise<ComponentInstance | undefined> {
    // an advisory lock, not a row lock: it also serialises the two events that create the same instance
    const key = JSON.stringify([placement.appId, placement.stage, placement.cluster, placement.namespace, placement.component]);
    await (transaction as unknown as EntityManager).query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
    const row = await rowsIn(transaction).findOne({ where: placementOf(placement) });
    return row === null ? undefined : toInstance(row);
  }

  async save(instance: ComponentInstance, transaction: Transaction): Promise<void> {
    const row = Object.assign(new ComponentInstanceEntity(), {
      ...instance,
      unit: instance.unit ?? null,
      statusMessage: instance.statusMessage ?? null,
      observedAt: instance.observedAt ?? null,
    });
    // jsonb columns typed as open records trip TypeORM's deep-partial type; the row is complete
    await rowsIn(transaction).upsert(row as never, { conflictPaths: ['appId', 'stage', 'cluster', 'namespace', 'component'] });
  }

  async remove(placement: ComponentPlacement, transaction: Transaction): Promise<void> {
    await rowsIn(transaction).delete(placementOf(placement));
  }

  async list(
    filter: ComponentInstanceFilter,
    page: { limit: number; offset: number },
  ): Promise<{ items: ComponentInstance[]; total: number }> {
    const where = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
    const [rows, total] = await this.rows.findAndCount({
      where,
      order: { appId: 'ASC', stage: 'ASC', cluster: 'ASC', namespace: 'ASC', component: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items: rows.map(toInstance), total };
  }
}

function rowsIn(transaction: Transaction): Repository<ComponentInstanceEntity> {
  // the only Transaction handed out is an EntityManager (clusters' asTransaction)
  return (transaction as unknown as EntityManager).getRepository(ComponentInstanceEntity);
}

export function toInstance(row: ComponentInstanceEntity): ComponentInstance {
  return {
    ...row,
    unit: row.unit ?? undefined,
    status: row.status as ComponentInstanceStatus,
    statusMessage: row.statusMessage ?? undefined,
    observedAt: row.observedAt ?? undefined,
  };
}
