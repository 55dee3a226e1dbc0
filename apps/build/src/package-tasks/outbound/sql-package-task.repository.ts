import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ClaimedTask, PackageTaskRepository, Transaction } from '../application/package-task.repository.js';
import type { AppPackageTask, ComponentPackageTask } from '../domain/package-task.js';
import {
  APP_TASK_COLUMNS,
  type AppTaskRow,
  COMPONENT_TASK_COLUMNS,
  type ComponentTaskRow,
  toAppTask,
  toComponentTask,
} from './package-task.rows.js';

const em = (tx: Transaction) => tx as unknown as EntityManager;
const finished = (state: string) => (['SUCCESS', 'FAILURE', 'SKIP'].includes(state) ? 'now()' : 'NULL');

/** Tasks in the build schema, in plain SQL: the leases and SKIP LOCKED claims are the point. */
@Injectable()
export class SqlPackageTaskRepository implements PackageTaskRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  inTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(manager as unknown as Transaction));
  }

  async insertAppTask(tx: Transaction, task: AppPackageTask, components: ComponentPackageTask[]): Promise<void> {
    await em(tx).query(`INSERT INTO build.app_package_task (id, app_id, version, state, tags, options) VALUES ($1, $2, $3, $4, $5, $6)`, [
      task.id,
      task.appId,
      task.version,
      task.state,
      task.tags,
      JSON.stringify(task.options),
    ]);
    for (const c of components)
      await em(tx).query(
        `INSERT INTO build.component_package_task (id, app_package_task_id, app_id, component_type, component_name, version, state, binder)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [c.id, c.appPackageTaskId, c.appId, c.componentType, c.componentName, c.version, c.state, JSON.stringify(c.binder)],
      );
  }

  async appTask(id: string): Promise<AppPackageTask | null> {
    const rows: AppTaskRow[] = await this.dataSource.query(`SELECT ${APP_TASK_COLUMNS} FROM build.app_package_task WHERE id = $1`, [id]);
    return rows[0] ? toAppTask(rows[0]) : null;
  }

  async lockAppTask(tx: Transaction, id: string): Promise<AppPackageTask | null> {
    const rows: AppTaskRow[] = await em(tx).query(`SELECT ${APP_TASK_COLUMNS} FROM build.app_package_task WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? toAppTask(rows[0]) : null;
  }

  async listAppTasks(appId: string, page: { limit: number; offset: number }): Promise<{ items: AppPackageTask[]; total: number }> {
    const rows: (AppTaskRow & { total: string })[] = await this.dataSource.query(
      `SELECT ${APP_TASK_COLUMNS}, count(*) OVER () AS total FROM build.app_package_task WHERE app_id = $1
       ORDER BY created_at DESC LIMIT $2 OFFSET $3`,
      [appId, page.limit, page.offset],
    );
    return { items: rows.map(toAppTask), total: rows[0] ? Number(rows[0].total) : 0 };
  }

  async componentTasks(appTaskId: string, tx?: Transaction): Promise<ComponentPackageTask[]> {
    const runner = tx ? em(tx) : this.dataSource;
    const rows: ComponentTaskRow[] = await runner.query(
      `SELECT ${COMPONENT_TASK_COLUMNS} FROM build.component_package_task WHERE app_package_task_id = $1 ORDER BY component_type, component_name`,
      [appTaskId],
    );
    return rows.map(toComponentTask);
  }

  async componentTask(id: string): Promise<ComponentPackageTask | null> {
    const rows: ComponentTaskRow[] = await this.dataSource.query(
      `SELECT ${COMPONENT_TASK_COLUMNS} FROM build.component_package_task WHERE id = $1`,
      [id],
    );
    return rows[0] ? toComponentTask(rows[0]) : null;
  }

  async lockComponentTask(tx: Transaction, id: string): Promise<ComponentPackageTask | null> {
    const rows: ComponentTaskRow[] = await em(tx).query(
      `SELECT ${COMPONENT_TASK_COLUMNS} FROM build.component_package_task WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ? toComponentTask(rows[0]) : null;
  }

  async listComponentTasks(
    filter: { appId?: string; appPackageTaskId?: string; state?: string },
    page: { limit: number; offset: number },
  ): Promise<{ items: ComponentPackageTask[]; total: number }> {
    const columns = { appId: 'app_id', appPackageTaskId: 'app_package_task_id', state: 'state' } as const;
    const params: unknown[] = [];
    const where = (Object.keys(columns) as (keyof typeof columns)[])
      .filter((k) => filter[k] !== undefined)
      .map((k) => `${columns[k]} = $${params.push(filter[k])}`);
    const rows: (ComponentTaskRow & { total: string })[] = await this.dataSource.query(
      `SELECT ${COMPONENT_TASK_COLUMNS}, count(*) OVER () AS total FROM build.component_package_task
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items: rows.map(toComponentTask), total: rows[0] ? Number(rows[0].total) : 0 };
  }

  async claimRunnable(tx: Transaction, owner: string, leaseMs: number, limit: number): Promise<ClaimedTask[]> {
    const rows: (ComponentTaskRow & { previous_state: ComponentPackageTask['state'] })[] = await em(tx).query(
      `WITH runnable AS (
         SELECT id, state AS previous_state FROM build.component_package_task
         WHERE state = 'CREATED' OR (state = 'RUNNING' AND (lease_until IS NULL OR lease_until < now()))
         ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE build.component_package_task t SET state = 'RUNNING', lease_owner = $1,
           lease_until = now() + ($2 || ' milliseconds')::interval, attempt = t.attempt + 1,
           started_at = COALESCE(t.started_at, now()), updated_at = now(), reason = NULL
         FROM runnable r WHERE t.id = r.id RETURNING t.*, r.previous_state
       ) SELECT ${COMPONENT_TASK_COLUMNS}, previous_state FROM claimed`,
      [owner, String(leaseMs), limit],
    );
    return rows.map((r) => ({ task: toComponentTask(r), previousState: r.previous_state }));
  }

  async renewLeases(owner: string, ids: string[], leaseMs: number): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE build.component_package_task SET lease_until = now() + ($3 || ' milliseconds')::interval
       WHERE id = ANY($2::uuid[]) AND lease_owner = $1 AND state = 'RUNNING'`,
      [owner, ids, String(leaseMs)],
    );
  }

  async finishComponent(
    tx: Transaction,
    id: string,
    owner: string,
    change: { state: ComponentPackageTask['state']; reason: string | null; componentPackageId: string | null },
  ): Promise<boolean> {
    const rows: { id: string }[] = await em(tx).query(
      `WITH done AS (UPDATE build.component_package_task SET state = $3, reason = $4, component_package_id = $5, lease_owner = NULL,
         lease_until = NULL, updated_at = now(), finished_at = ${finished(change.state)}
       WHERE id = $1 AND lease_owner = $2 AND state = 'RUNNING' RETURNING id) SELECT id FROM done`,
      [id, owner, change.state, change.reason, change.componentPackageId],
    );
    return rows.length === 1;
  }

  async setComponentState(
    tx: Transaction,
    id: string,
    change: { state: ComponentPackageTask['state']; reason: string | null; logKey?: string | null },
  ): Promise<void> {
    await em(tx).query(
      `UPDATE build.component_package_task SET state = $2, reason = $3, lease_owner = NULL, lease_until = NULL, updated_at = now(),
         finished_at = ${finished(change.state)} ${change.logKey !== undefined ? ', log_key = $4' : ''} WHERE id = $1`,
      [id, change.state, change.reason, ...(change.logKey !== undefined ? [change.logKey] : [])],
    );
  }

  async setAppState(
    tx: Transaction,
    id: string,
    change: { state: AppPackageTask['state']; reason: string | null; appPackageId?: string | null },
  ): Promise<void> {
    await em(tx).query(
      `UPDATE build.app_package_task SET state = $2, reason = $3, updated_at = now(), finished_at = ${finished(change.state)}
       ${change.appPackageId !== undefined ? ', app_package_id = $4' : ''} WHERE id = $1`,
      [id, change.state, change.reason, ...(change.appPackageId !== undefined ? [change.appPackageId] : [])],
    );
  }

  async staleAppTasks(olderThanMs: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT a.id FROM build.app_package_task a
       WHERE a.state IN ('CREATED', 'COM_PACK_RUN', 'APP_PACK_RUN') AND a.updated_at < now() - ($1 || ' milliseconds')::interval
         AND NOT EXISTS (SELECT 1 FROM build.component_package_task c WHERE c.app_package_task_id = a.id
                         AND (c.state = 'CREATED' OR (c.state = 'RUNNING' AND c.lease_until > now())))
       ORDER BY a.updated_at LIMIT $2`,
      [String(olderThanMs), limit],
    );
    return rows.map((r) => r.id);
  }

  async setLogKey(id: string, key: string): Promise<void> {
    await this.dataSource.query('UPDATE build.component_package_task SET log_key = $2 WHERE id = $1', [id, key]);
  }

  async appendLog(taskId: string, lines: string[]): Promise<void> {
    if (lines.length === 0) return;
    await this.dataSource.query('INSERT INTO build.task_log_line (task_id, line) SELECT $1, unnest($2::text[])', [taskId, lines]);
  }

  async logLines(taskId: string, afterSeq: number, limit: number): Promise<{ seq: number; line: string }[]> {
    const rows: { seq: string; line: string }[] = await this.dataSource.query(
      'SELECT seq, line FROM build.task_log_line WHERE task_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [taskId, afterSeq, limit],
    );
    return rows.map((r) => ({ seq: Number(r.seq), line: r.line }));
  }

  async dropLog(taskId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM build.task_log_line WHERE task_id = $1', [taskId]);
  }
}
