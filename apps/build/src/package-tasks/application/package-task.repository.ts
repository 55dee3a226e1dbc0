import type { Transaction } from '../../packages/application/package.repository.js';
import type { AppPackageTask, AppPackageTaskState, ComponentPackageTask, ComponentPackageTaskState } from '../domain/package-task.js';

export type { Transaction };

export interface ClaimedTask {
  task: ComponentPackageTask;
  previousState: ComponentPackageTaskState;
}

/** Port: app and component package tasks, their leases and their live log lines. */
export abstract class PackageTaskRepository {
  abstract inTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  abstract insertAppTask(tx: Transaction, task: AppPackageTask, components: ComponentPackageTask[]): Promise<void>;
  abstract appTask(id: string): Promise<AppPackageTask | null>;
  abstract lockAppTask(tx: Transaction, id: string): Promise<AppPackageTask | null>;
  abstract listAppTasks(appId: string, page: { limit: number; offset: number }): Promise<{ items: AppPackageTask[]; total: number }>;
  abstract componentTasks(appTaskId: string, tx?: Transaction): Promise<ComponentPackageTask[]>;
  abstract componentTask(id: string): Promise<ComponentPackageTask | null>;
  abstract lockComponentTask(tx: Transaction, id: string): Promise<ComponentPackageTask | null>;
  abstract listComponentTasks(
    filter: { appId?: string; appPackageTaskId?: string; state?: ComponentPackageTaskState },
    page: { limit: number; offset: number },
  ): Promise<{ items: ComponentPackageTask[]; total: number }>;
  /**
   * Takes up to `limit` runnable component tasks (CREATED, or RUNNING whose lease ran out: their process died) and
   * leases them to `owner`, in the caller's transaction (FOR UPDATE SKIP LOCKED: replicas never take the same one).
   */
  abstract claimRunnable(tx: Transaction, owner: string, leaseMs: number, limit: number): Promise<ClaimedTask[]>;
  abstract renewLeases(owner: string, ids: string[], leaseMs: number): Promise<void>;
  /** Ends a task this owner still holds; false when the lease was lost (another replica runs it now). */
  abstract finishComponent(
    tx: Transaction,
    id: string,
    owner: string,
    change: { state: ComponentPackageTaskState; reason: string | null; componentPackageId: string | null },
  ): Promise<boolean>;
  abstract setComponentState(
    tx: Transaction,
    id: string,
    change: { state: ComponentPackageTaskState; reason: string | null; logKey?: string | null },
  ): Promise<void>;
  abstract setAppState(
    tx: Transaction,
    id: string,
    change: { state: AppPackageTaskState; reason: string | null; appPackageId?: string | null },
  ): Promise<void>;
  /** App tasks not finished whose component tasks all stopped running and nobody refreshed lately (a crash between). */
  abstract staleAppTasks(olderThanMs: number, limit: number): Promise<string[]>;
  abstract setLogKey(id: string, key: string): Promise<void>;
  abstract appendLog(taskId: string, lines: string[]): Promise<void>;
  abstract logLines(taskId: string, afterSeq: number, limit: number): Promise<{ seq: number; line: string }[]>;
  abstract dropLog(taskId: string): Promise<void>;
}
