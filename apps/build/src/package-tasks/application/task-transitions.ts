import { Inject, Injectable } from '@nestjs/common';
import type { AppPackageTask, AppPackageTaskState, ComponentPackageTask, ComponentPackageTaskState } from '../domain/package-task.js';
import { progressOf } from '../domain/package-task.js';
import { PackageTaskRepository, type Transaction } from './package-task.repository.js';
import { TaskEvents } from './task.events.js';

/** One place that writes a transition and announces it, in the same transaction. */
@Injectable()
export class TaskTransitions {
  constructor(
    @Inject(PackageTaskRepository) private readonly tasks: PackageTaskRepository,
    @Inject(TaskEvents) private readonly events: TaskEvents,
  ) {}

  async component(
    tx: Transaction,
    task: ComponentPackageTask,
    previousState: ComponentPackageTaskState | null,
    state: ComponentPackageTaskState,
    reason: string | null,
  ): Promise<void> {
    await this.events.componentTaskChanged(tx, {
      taskId: task.id,
      appPackageTaskId: task.appPackageTaskId,
      appId: task.appId,
      componentType: task.componentType,
      componentName: task.componentName,
      version: task.version,
      state,
      previousState,
      ...(reason ? { reason } : {}),
      at: new Date().toISOString(),
    });
  }

  async app(
    tx: Transaction,
    task: AppPackageTask,
    state: AppPackageTaskState,
    reason: string | null,
    extra: { appPackageId?: string | null } = {},
  ): Promise<void> {
    if (task.state !== state || extra.appPackageId !== undefined) await this.tasks.setAppState(tx, task.id, { state, reason, ...extra });
    if (task.state === state) return;
    const components = await this.tasks.componentTasks(task.id, tx);
    await this.events.appTaskChanged(tx, {
      taskId: task.id,
      appId: task.appId,
      version: task.version,
      state,
      previousState: task.state,
      progress: progressOf(components),
      ...(reason ? { reason } : {}),
      at: new Date().toISOString(),
    });
  }
}
