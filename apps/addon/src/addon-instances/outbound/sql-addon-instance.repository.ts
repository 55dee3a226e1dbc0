import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  AddonInstanceRepository,
  ClaimScope,
  InstanceFilter,
  StoredAnswer,
  Transaction,
} from '../application/addon-instance.repository.js';
import type { AddonClaim, AddonInstance, AddonInstanceKey } from '../domain/addon-instance.js';
import { type InstanceRow, INSTANCE_COLUMNS, instanceParams, toClaim, toInstance } from './addon-instance.rows.js';

const em = (tx: Transaction) => tx as unknown as EntityManager;
const KEY_WHERE = 'cluster = $1 AND namespace = $2 AND addon_type = $3 AND addon_name = $4 AND attributes_hash = $5';

/** Instances, claims, grants and answers in the addon schema, in plain SQL (the locks are the point). */
@Injectable()
export class SqlAddonInstanceRepository implements AddonInstanceRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  inTransaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(manager as unknown as Transaction));
  }

  async list(filter: InstanceFilter, page: { limit: number; offset: number }): Promise<{ items: AddonInstance[]; total: number }> {
    const columns = {
      cluster: 'cluster',
      namespace: 'namespace',
      addonType: 'addon_type',
      addonName: 'addon_name',
      state: 'state',
    } as const;
    const params: unknown[] = [];
    const where = (Object.keys(columns) as Array<keyof typeof columns>)
      .filter((k) => filter[k] !== undefined)
      .map((k) => `${columns[k]} = $${params.push(filter[k])}`);
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const rows: Array<InstanceRow & { total: string }> = await this.dataSource.query(
      `SELECT ${INSTANCE_COLUMNS}, count(*) OVER () AS total FROM addon.addon_instance ${clause}
       ORDER BY cluster, namespace, addon_type, addon_name, created_at LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items: rows.map(toInstance), total: rows.length > 0 ? Number(rows[0]?.total) : 0 };
  }

  async findById(id: string): Promise<AddonInstance | null> {
    const rows: InstanceRow[] = await this.dataSource.query(`SELECT ${INSTANCE_COLUMNS} FROM addon.addon_instance WHERE id = $1`, [id]);
    return rows[0] ? toInstance(rows[0]) : null;
  }

  async insertIfAbsent(instance: AddonInstance): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO addon.addon_instance (${INSTANCE_COLUMNS}) VALUES (${INSTANCE_COLUMNS.split(',')
        .map((_, i) => `$${i + 1}`)
        .join(', ')})
       ON CONFLICT ON CONSTRAINT addon_instance_key DO NOTHING`,
      instanceParams(instance),
    );
  }

  async lockByKey(tx: Transaction, key: AddonInstanceKey): Promise<AddonInstance | null> {
    const rows: InstanceRow[] = await em(tx).query(`SELECT ${INSTANCE_COLUMNS} FROM addon.addon_instance WHERE ${KEY_WHERE} FOR UPDATE`, [
      key.cluster,
      key.namespace,
      key.addonType,
      key.addonName,
      key.attributesHash,
    ]);
    return rows[0] ? toInstance(rows[0]) : null;
  }

  async lockById(tx: Transaction, id: string): Promise<AddonInstance | null> {
    const rows: InstanceRow[] = await em(tx).query(`SELECT ${INSTANCE_COLUMNS} FROM addon.addon_instance WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? toInstance(rows[0]) : null;
  }

  async readyToRecheck(limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM addon.addon_instance WHERE state = 'READY' AND management = 'Create' ORDER BY updated_at LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  async tryLock(tx: Transaction, id: string): Promise<AddonInstance | null> {
    const rows: InstanceRow[] = await em(tx).query(
      `SELECT ${INSTANCE_COLUMNS} FROM addon.addon_instance WHERE id = $1 AND state = 'READY' FOR UPDATE SKIP LOCKED`,
      [id],
    );
    return rows[0] ? toInstance(rows[0]) : null;
  }

  async save(tx: Transaction, instance: AddonInstance): Promise<void> {
    await em(tx).query(
      `UPDATE addon.addon_instance SET state = $2, reason = $3, outputs = $4, secret_names = $5, sealed_secrets = $6,
         sealed_generated = $7, signature = $8, provider = $9, updated_at = now() WHERE id = $1`,
      [
        instance.id,
        instance.state,
        instance.reason,
        JSON.stringify(instance.outputs),
        instance.secretNames,
        instance.sealedSecrets,
        instance.sealedGenerated,
        instance.signature,
        instance.provider,
      ],
    );
  }

  async addClaim(tx: Transaction, claim: AddonClaim): Promise<void> {
    await em(tx).query(
      `INSERT INTO addon.addon_claim (instance_id, deployment_id, component, app_id, cluster, namespace, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [claim.instanceId, claim.deploymentId, claim.component, claim.appId, claim.cluster, claim.namespace, claim.requestId],
    );
  }

  async claimsOf(id: string, tx?: Transaction): Promise<AddonClaim[]> {
    const runner = tx ? em(tx) : this.dataSource;
    const rows: Array<Record<string, unknown>> = await runner.query(
      'SELECT * FROM addon.addon_claim WHERE instance_id = $1 ORDER BY created_at, deployment_id, component',
      [id],
    );
    return rows.map(toClaim);
  }

  async removeClaims(tx: Transaction, scope: ClaimScope): Promise<string[]> {
    const rows: Array<{ instance_id: string }> = await em(tx).query(
      // a SELECT over the DELETE: TypeORM answers a bare DELETE … RETURNING as [rows, count]
      'WITH removed AS (DELETE FROM addon.addon_claim WHERE app_id = $1 AND cluster = $2 AND namespace = $3 RETURNING instance_id) SELECT instance_id FROM removed',
      [scope.appId, scope.cluster, scope.namespace],
    );
    return [...new Set(rows.map((r) => r.instance_id))].sort();
  }

  async hasGrant(tx: Transaction, id: string, consumer: { cluster: string; namespace: string }): Promise<boolean> {
    const rows: unknown[] = await em(tx).query(
      'SELECT 1 FROM addon.addon_grant WHERE instance_id = $1 AND cluster = $2 AND namespace = $3',
      [id, consumer.cluster, consumer.namespace],
    );
    return rows.length > 0;
  }

  async addGrant(id: string, consumer: { cluster: string; namespace: string }): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO addon.addon_grant (instance_id, cluster, namespace) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [id, consumer.cluster, consumer.namespace],
    );
  }

  async grantsOf(id: string): Promise<Array<{ cluster: string; namespace: string; createdAt: Date }>> {
    const rows: Array<{ cluster: string; namespace: string; created_at: Date }> = await this.dataSource.query(
      'SELECT cluster, namespace, created_at FROM addon.addon_grant WHERE instance_id = $1 ORDER BY cluster, namespace',
      [id],
    );
    return rows.map((r) => ({ cluster: r.cluster, namespace: r.namespace, createdAt: r.created_at }));
  }

  async findAnswer(tx: Transaction, requestId: string): Promise<StoredAnswer | null> {
    const rows: Array<{ outcome: 'ready' | 'failed'; data: Record<string, unknown> }> = await em(tx).query(
      'SELECT outcome, data FROM addon.addon_answer WHERE request_id = $1',
      [requestId],
    );
    return rows[0] ?? null;
  }

  async saveAnswer(tx: Transaction, requestId: string, answer: StoredAnswer): Promise<void> {
    await em(tx).query(
      `INSERT INTO addon.addon_answer (request_id, outcome, data) VALUES ($1, $2, $3)
       ON CONFLICT (request_id) DO UPDATE SET outcome = EXCLUDED.outcome, data = EXCLUDED.data, answered_at = now()`,
      [requestId, answer.outcome, JSON.stringify(answer.data)],
    );
  }
}
