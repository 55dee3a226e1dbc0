import { Inject, Injectable } from '@nestjs/common';
import type { Transaction } from '@appmanager/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppInstanceStatus } from '../../instances/domain/instance-status.js';
import {
  type AppInstance,
  type AppInstanceFilter,
  type AppInstanceKey,
  AppInstanceStore,
  type HistoryEntry,
} from '../application/app-instance.store.js';

interface Row {
  app_id: string;
  stage: string;
  cluster: string;
  namespace: string;
  status: string;
  components: Record<string, string>;
  created_at: Date;
  updated_at: Date;
}

const KEY_WHERE = 'app_id = $1 AND stage = $2 AND cluster = $3 AND namespace = $4';
const keyOf = (k: AppInstanceKey) => [k.appId, k.stage, k.cluster, k.namespace];
const managerOf = (transaction: Transaction) => transaction as unknown as EntityManager;

@Injectable()
export class SqlAppInstanceStore extends AppInstanceStore {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {
    super();
  }

  async lockForAggregation(key: AppInstanceKey, transaction: Transaction) {
    const manager = managerOf(transaction);
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 1))', [JSON.stringify(keyOf(key))]);
    const [row] = (await manager.query(`SELECT * FROM sensor.app_instance WHERE ${KEY_WHERE}`, keyOf(key))) as Row[];
    const components: { component: string; status: string }[] = await manager.query(
      `SELECT component, status FROM sensor.component_instance WHERE ${KEY_WHERE} ORDER BY component`,
      keyOf(key),
    );
    return {
      current: row ? toAppInstance(row) : undefined,
      components: Object.fromEntries(components.map((c) => [c.component, c.status])),
    };
  }

  async save(instance: AppInstance, previous: AppInstanceStatus | undefined, transaction: Transaction): Promise<void> {
    const manager = managerOf(transaction);
    await manager.query(
      `INSERT INTO sensor.app_instance (app_id, stage, cluster, namespace, status, components, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (app_id, stage, cluster, namespace) DO UPDATE SET status = EXCLUDED.status, components = EXCLUDED.components, updated_at = EXCLUDED.updated_at`,
      [...keyOf(instance), instance.status, JSON.stringify(instance.components), instance.createdAt, instance.updatedAt],
    );
    if ((previous ?? 'PENDING') !== instance.status) {
      await manager.query(
        `INSERT INTO sensor.app_instance_history (app_id, stage, cluster, namespace, status, previous_status, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [...keyOf(instance), instance.status, previous ?? 'PENDING', instance.updatedAt],
      );
    }
  }

  async list(filter: AppInstanceFilter, page: { limit: number; offset: number }): Promise<{ items: AppInstance[]; total: number }> {
    const clauses: string[] = [];
    const values: unknown[] = [];
    for (const [column, value] of [
      ['app_id', filter.appId],
      ['stage', filter.stage],
      ['cluster', filter.cluster],
      ['status', filter.status],
    ] as const) {
      if (value === undefined) continue;
      values.push(value);
      clauses.push(`${column} = $${values.length}`);
    }
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    const [{ count }] = (await this.dataSource.query(`SELECT count(*)::int AS count FROM sensor.app_instance ${where}`, values)) as [
      { count: number },
    ];
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM sensor.app_instance ${where} ORDER BY app_id, stage, cluster, namespace LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
      [...values, page.limit, page.offset],
    );
    return { items: rows.map(toAppInstance), total: count };
  }

  async get(key: AppInstanceKey): Promise<AppInstance | undefined> {
    const [row] = (await this.dataSource.query(`SELECT * FROM sensor.app_instance WHERE ${KEY_WHERE}`, keyOf(key))) as Row[];
    return row ? toAppInstance(row) : undefined;
  }

  async history(key: AppInstanceKey, limit: number): Promise<HistoryEntry[]> {
    const rows: { subject: string; status: string; previous_status: string; message: string | null; at: Date }[] =
      await this.dataSource.query(
        `(SELECT 'app' AS subject, status, previous_status, NULL AS message, at, id FROM sensor.app_instance_history WHERE ${KEY_WHERE})
       UNION ALL
       (SELECT component AS subject, status, previous_status, message, at, id FROM sensor.component_instance_history WHERE ${KEY_WHERE})
       ORDER BY at DESC, id DESC LIMIT $5`,
        [...keyOf(key), limit],
      );
    return rows.map((r) => ({ subject: r.subject, status: r.status, previousStatus: r.previous_status, message: r.message, at: r.at }));
  }
}

function toAppInstance(row: Row): AppInstance {
  return {
    appId: row.app_id,
    stage: row.stage,
    cluster: row.cluster,
    namespace: row.namespace,
    status: row.status as AppInstanceStatus,
    components: row.components,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
