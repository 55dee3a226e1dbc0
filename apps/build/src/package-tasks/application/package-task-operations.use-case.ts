import { Inject, Injectable } from '@nestjs/common';
import { BuildRequestError } from '../../packages/application/package.errors.js';
import { PackageStore } from '../../packages/application/package.store.js';
import type { AppPackageTask, ComponentPackageTask } from '../domain/package-task.js';
import { checkComponentTransition, progressOf, TaskStateError } from '../domain/package-task.js';
import { PackageTaskRepository } from './package-task.repository.js';
import { TaskTransitions } from './task-transitions.js';
import { TaskWakeUp } from './task-wake-up.js';

type Page = { limit: number; offset: number };

export class TaskNotFoundError extends BuildRequestError {
  constructor(message: string) {
    super(message, 404);
  }
}

/** Reading tasks and their logs, and AppManager's OP_RETRY of a failed component task. */
@Injectable()
export class PackageTaskOperationsUseCase {
  constructor(
    @Inject(PackageTaskRepository) private readonly tasks: PackageTaskRepository,
    @Inject(PackageStore) private readonly store: PackageStore,
    @Inject(TaskTransitions) private readonly transitions: TaskTransitions,
    @Inject(TaskWakeUp) private readonly wakeUp: TaskWakeUp,
  ) {}

  async appTask(
    id: string,
  ): Promise<{ task: AppPackageTask; components: ComponentPackageTask[]; progress: { done: number; total: number } }> {
    const task = isUuid(id) ? await this.tasks.appTask(id) : null;
    if (!task) throw new TaskNotFoundError(`no app package task ${id}`);
    const components = await this.tasks.componentTasks(id);
    return { task, components, progress: progressOf(components) };
  }

  listAppTasks(appId: string, page: Page) {
    return this.tasks.listAppTasks(appId, page);
  }

  listComponentTasks(filter: Parameters<PackageTaskRepository['listComponentTasks']>[0], page: Page) {
    return this.tasks.listComponentTasks(filter, page);
  }

  async componentTask(id: string): Promise<ComponentPackageTask> {
    const task = isUuid(id) ? await this.tasks.componentTask(id) : null;
    if (!task) throw new TaskNotFoundError(`no component package task ${id}`);
    return task;
  }

  /** FAILURE → RUNNING (free for any replica to claim); its app task goes back to COM_PACK_RUN. */
  async retry(id: string): Promise<ComponentPackageTask> {
    await this.componentTask(id);
    await this.tasks.inTransaction(async (tx) => {
      const task = await this.tasks.lockComponentTask(tx, id);
      if (!task) throw new TaskNotFoundError(`no component package task ${id}`);
      try {
        checkComponentTransition(task.state, 'RUNNING');
        if (task.state !== 'FAILURE') throw new TaskStateError(task.state, 'RUNNING');
      } catch (error) {
        if (error instanceof TaskStateError)
          throw new BuildRequestError(`only a FAILURE task can be retried; this one is ${task.state}`, 409);
        throw error;
      }
      await this.tasks.setComponentState(tx, id, { state: 'RUNNING', reason: null });
      await this.transitions.component(tx, task, 'FAILURE', 'RUNNING', 'retried');
      if (task.appPackageTaskId) {
        const app = await this.tasks.lockAppTask(tx, task.appPackageTaskId);
        if (app && app.state === 'FAILURE') await this.transitions.app(tx, app, 'COM_PACK_RUN', null);
      }
    });
    this.wakeUp.now();
    return this.componentTask(id);
  }

  /**
   * The log from line `sent` on: while the task runs, its lines in the database after `cursor`; once its log is
   * archived, the rest of the stored copy (which holds every line the database had, in order), and done.
   */
  async follow(id: string, sent: number, cursor: number): Promise<{ lines: string[]; cursor: number; done: boolean }> {
    const task = await this.componentTask(id);
    if (task.logKey) return { lines: (await this.storedLines(task.logKey)).slice(sent), cursor, done: true };
    const live = await this.tasks.logLines(id, cursor, 1000);
    return { lines: live.map((l) => l.line), cursor: live.at(-1)?.seq ?? cursor, done: false };
  }

  /** The log so far as text. */
  async log(id: string): Promise<string> {
    const task = await this.componentTask(id);
    if (task.logKey) return (await this.storedLines(task.logKey)).map((l) => `${l}\n`).join('');
    const lines: string[] = [];
    for (let cursor = 0; ;) {
      const batch = await this.tasks.logLines(id, cursor, 5000);
      if (batch.length === 0) break;
      lines.push(...batch.map((b) => b.line));
      cursor = batch.at(-1)!.seq;
    }
    return lines.map((l) => `${l}\n`).join('');
  }

  private async storedLines(key: string): Promise<string[]> {
    const bytes = await this.store.get(key);
    const lines = bytes ? new TextDecoder().decode(bytes).split('\n') : [];
    if (lines.at(-1) === '') lines.pop();
    return lines;
  }
}

function isUuid(id: string): boolean {
  return /^[0-9a-f-]{36}$/i.test(id);
}
