import { Inject, Injectable } from '@nestjs/common';
import {
  appInstanceDeletedEvent,
  deploymentFailedEvent,
  deploymentStartedEvent,
  deploymentStateChangedEvent,
  deploymentSucceededEvent,
} from '@appmanager/contracts';
import { Outbox, outboxTarget } from '@appmanager/messaging';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { type JsonObject } from '../../applications/domain/application.model.js';
import { type NodeState } from '../../dag/domain/node-state.machine.js';
import { type DeploymentState } from '../../workflow/domain/deployment-state.machine.js';
import {
  type HistoryEntry,
  type NodeAnnouncement,
  type NodeRecord,
  type Operation,
  type OperationKind,
  type RunRecord,
} from '../application/run.records.js';
import { type RunChange, type RunStore } from '../application/run.store.js';
import { nodeWriteStatement } from './node-write.statement.js';
import { DeploymentHistoryEntity, DeploymentNodeEntity, DeploymentOperationEntity, DeploymentRunEntity } from './run.entities.js';

const runColumns = `r.deployment_id, r.state, r.application, r.target, r.workflow, r.wake_at, r.reason, r.started_at, r.finished_at,
  d.app_id, d.kind, d.source_deployment_id, d.configuration, d.target AS requested_target, d.correlation_id, d.traceparent, d.created_at`;

@Injectable()
export class TypeOrmRunStore implements RunStore {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  async adoptLaunched(): Promise<void> {
    await this.dataSource.query(`INSERT INTO deploy.deployment_run (deployment_id, state)
      SELECT d.id, d.state FROM deploy.deployment d
      WHERE d.state = 'CREATED' AND NOT EXISTS (SELECT 1 FROM deploy.deployment_run r WHERE r.deployment_id = d.id)
      ON CONFLICT DO NOTHING`);
  }

  async claim(owner: string, ttlMs: number, limit: number): Promise<string[]> {
    // SKIP LOCKED: replicas claiming at once each get different runs, none waits on another
    const rows: unknown = await this.dataSource.query(
      `UPDATE deploy.deployment_run SET lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2::double precision / 1000)
       WHERE deployment_id IN (
         SELECT deployment_id FROM deploy.deployment_run
         WHERE state NOT IN ('SUCCESS', 'TERMINATED') AND (lease_expires_at IS NULL OR lease_expires_at < now())
         ORDER BY deployment_id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING deployment_id`,
      [owner, ttlMs, limit],
    );
    return rowsOf<{ deployment_id: string }>(rows).map((r) => r.deployment_id);
  }

  async renew(owner: string, ids: string[], ttlMs: number): Promise<string[]> {
    if (ids.length === 0) return [];
    const result = await this.dataSource.query(
      `UPDATE deploy.deployment_run SET lease_expires_at = now() + make_interval(secs => $2::double precision / 1000)
       WHERE lease_owner = $1 AND deployment_id = ANY($3::uuid[]) RETURNING deployment_id`,
      [owner, ttlMs, ids],
    );
    return rowsOf<{ deployment_id: string }>(result).map((r) => r.deployment_id);
  }

  async release(owner: string, id: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE deploy.deployment_run SET lease_owner = NULL, lease_expires_at = NULL WHERE deployment_id = $1 AND lease_owner = $2',
      [id, owner],
    );
  }

  async load(id: string): Promise<RunRecord | undefined> {
    const rows = await this.dataSource.query(
      `SELECT ${runColumns} FROM deploy.deployment_run r JOIN deploy.deployment d ON d.id = r.deployment_id WHERE r.deployment_id = $1`,
      [id],
    );
    const row = rowsOf<Record<string, unknown>>(rows)[0];
    return row ? toRun(row) : undefined;
  }

  async update(id: string, change: (run: RunRecord) => RunChange | null): Promise<RunRecord> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query(
        `SELECT ${runColumns} FROM deploy.deployment_run r JOIN deploy.deployment d ON d.id = r.deployment_id WHERE r.deployment_id = $1 FOR UPDATE OF r`,
        [id],
      );
      const current = rowsOf<Record<string, unknown>>(rows)[0];
      if (!current) throw new Error(`deployment run "${id}" not found`);
      const before = toRun(current);
      const result = change(before);
      if (!result) return before;
      const run = result.run;
      await manager.update(
        DeploymentRunEntity,
        { deploymentId: id },
        {
          state: run.state,
          application: run.application as object | null,
          target: run.target,
          workflow: run.workflow as object | null,
          wakeAt: run.wakeAt,
          reason: run.reason,
          startedAt: run.startedAt,
          finishedAt: run.finishedAt,
        },
      );
      if (run.state !== before.state) await manager.query('UPDATE deploy.deployment SET state = $2 WHERE id = $1', [id, run.state]);
      // a launch recorded unchecked shows the target its runner resolved, as a checked one does from the start
      if (run.target && JSON.stringify(run.target) !== JSON.stringify(before.target)) {
        await manager.query('UPDATE deploy.deployment SET target = $2 WHERE id = $1', [id, JSON.stringify(resolvedTarget(run.target))]);
      }
      await this.record(manager, id, result.history);
      if (run.state !== before.state) await this.announce(manager, before, run);
      return run;
    });
  }

  async nodes(id: string): Promise<NodeRecord[]> {
    const rows = await this.dataSource
      .getRepository(DeploymentNodeEntity)
      .find({ where: { deploymentId: id }, order: { step: 'ASC', nodeId: 'ASC' } });
    return rows.map((row) => ({
      step: row.step,
      nodeId: row.nodeId,
      state: row.state as NodeState,
      version: row.version,
      appliedVersion: row.appliedVersion,
      reason: row.reason,
      outputs: row.outputs as NodeRecord['outputs'],
      workload: row.workload as NodeRecord['workload'],
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
    }));
  }

  /**
   * One statement, so one round trip and atomic on its own: the node row, its history and its events (see
   * node-write.statement.ts). A DAG of a thousand nodes writes this three times per node: the hot path of a deployment.
   */
  async saveNode(
    id: string,
    appId: string,
    node: NodeRecord,
    history: HistoryEntry[],
    announcements: NodeAnnouncement[] = [],
  ): Promise<void> {
    const { sql, parameters } = nodeWriteStatement(this.outbox, outboxTarget(this.dataSource), {
      deploymentId: id,
      appId,
      node,
      history,
      announcements,
    });
    await this.dataSource.query(sql, parameters);
  }

  async history(id: string): Promise<HistoryEntry[]> {
    const rows = await this.dataSource.getRepository(DeploymentHistoryEntity).find({ where: { deploymentId: id }, order: { id: 'ASC' } });
    return rows.map((r) => ({ subject: r.subject, from: r.fromState, to: r.toState, at: r.at, ...(r.reason ? { reason: r.reason } : {}) }));
  }

  async enqueue(id: string, kind: OperationKind, payload: JsonObject, transaction?: unknown): Promise<void> {
    // the only transaction handed to this adapter is the inbox's EntityManager
    const manager = (transaction as EntityManager | undefined) ?? this.dataSource.manager;
    await manager.getRepository(DeploymentOperationEntity).insert({ deploymentId: id, kind, payload });
  }

  async pendingOperations(ids: string[]): Promise<Operation[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(DeploymentOperationEntity)
      .find({ where: { deploymentId: In(ids), completedAt: IsNull() }, order: { id: 'ASC' } });
    return rows.map((r) => ({ id: r.id, deploymentId: r.deploymentId, kind: r.kind as OperationKind, payload: r.payload as JsonObject }));
  }

  async completeOperation(operationId: string): Promise<void> {
    await this.dataSource.getRepository(DeploymentOperationEntity).update({ id: operationId }, { completedAt: new Date() });
  }

  private async record(manager: EntityManager, id: string, history: HistoryEntry[]): Promise<void> {
    if (history.length === 0) return;
    await manager.insert(
      DeploymentHistoryEntity,
      history.map((h) => ({ deploymentId: id, subject: h.subject, fromState: h.from, toState: h.to, reason: h.reason ?? null, at: h.at })),
    );
  }

  private async announce(manager: EntityManager, before: RunRecord, run: RunRecord): Promise<void> {
    const at = new Date().toISOString();
    const ref = { deploymentId: run.deploymentId, appId: run.appId };
    await this.outbox.add(manager, deploymentStateChangedEvent, {
      ...ref,
      from: before.state,
      to: run.state,
      ...(run.reason ? { reason: run.reason } : {}),
      at,
    });
    if (run.state === 'RUNNING' && before.state === 'PROCESSING')
      await this.outbox.add(manager, deploymentStartedEvent, { ...ref, startedAt: at });
    if (run.state === 'SUCCESS') {
      await this.outbox.add(manager, deploymentSucceededEvent, {
        ...ref,
        finishedAt: at,
        durationMs: Math.max(0, Date.now() - run.createdAt.getTime()),
      });
    }
    if (run.state === 'FAILURE')
      await this.outbox.add(manager, deploymentFailedEvent, { ...ref, failedAt: at, reason: run.reason ?? 'failed' });
    if (run.state === 'SUCCESS' && run.kind === 'undeploy' && run.target?.stage && run.sourceDeploymentId) {
      const destroyed = rowsOf<{ node_id: string }>(
        await manager.query(
          `SELECT DISTINCT node_id FROM deploy.deployment_node WHERE deployment_id = $1 AND state = 'SUCCESS' AND position('#' in node_id) = 0 ORDER BY node_id`,
          [run.deploymentId],
        ),
      );
      await this.outbox.add(manager, appInstanceDeletedEvent, {
        appId: run.appId,
        stage: run.target.stage,
        cluster: run.target.cluster,
        namespace: run.target.namespace,
        undeployId: run.deploymentId,
        sourceDeploymentId: run.sourceDeploymentId,
        components: destroyed.map((r) => r.node_id),
        deletedAt: at,
      });
    }
  }
}

function resolvedTarget(target: NonNullable<RunRecord['target']>): Record<string, string> {
  return Object.fromEntries(Object.entries(target).filter(([, v]) => typeof v === 'string' && v !== '')) as Record<string, string>;
}

/** pg returns rows for SELECT and [rows, count] for UPDATE ... RETURNING through TypeORM. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

function toRun(row: Record<string, unknown>): RunRecord {
  return {
    deploymentId: row['deployment_id'] as string,
    kind: (row['kind'] ?? 'deploy') as RunRecord['kind'],
    sourceDeploymentId: (row['source_deployment_id'] ?? null) as string | null,
    appId: row['app_id'] as string,
    state: row['state'] as DeploymentState,
    configuration: row['configuration'],
    requestedTarget: (row['requested_target'] ?? {}) as RunRecord['requestedTarget'],
    correlationId: row['correlation_id'] as string,
    traceparent: (row['traceparent'] as string | null) ?? null,
    application: (row['application'] ?? null) as RunRecord['application'],
    target: (row['target'] ?? null) as RunRecord['target'],
    workflow: (row['workflow'] ?? null) as RunRecord['workflow'],
    wakeAt: (row['wake_at'] ?? null) as Date | null,
    reason: (row['reason'] ?? null) as string | null,
    createdAt: row['created_at'] as Date,
    startedAt: (row['started_at'] ?? null) as Date | null,
    finishedAt: (row['finished_at'] ?? null) as Date | null,
  };
}
