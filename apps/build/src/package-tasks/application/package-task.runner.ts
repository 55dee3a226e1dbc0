import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG, SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import type { BuildConfig } from '../../build.config.js';
import { PackageStore } from '../../packages/application/package.store.js';
import type { ClaimedTask } from './package-task.repository.js';
import { PackageTaskRepository } from './package-task.repository.js';
import { BuildComponentPackageUseCase } from './build-component-package.use-case.js';
import { PackAppPackageUseCase } from './pack-app-package.use-case.js';
import { TaskLog } from './task-log.js';
import { TaskTransitions } from './task-transitions.js';
import { TaskWakeUp } from './task-wake-up.js';

/**
 * Runs component package tasks on this replica, at most BUILD_CONCURRENCY at once. Tasks are leased, not owned: a
 * replica renews the leases of what it runs, and a task whose replica died (its lease ran out) is claimed again and
 * built again from the start, its package written only when a build completes. Also sweeps app tasks a crash left
 * between their last component and their app package.
 */
@Injectable()
export class PackageTaskRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly owner = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly running = new Map<string, AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private again = false;
  private stopping = false;
  private ticks = 0;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: BuildConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
    @Inject(PackageTaskRepository) private readonly tasks: PackageTaskRepository,
    @Inject(PackageStore) private readonly store: PackageStore,
    @Inject(BuildComponentPackageUseCase) private readonly build: BuildComponentPackageUseCase,
    @Inject(PackAppPackageUseCase) private readonly packer: PackAppPackageUseCase,
    @Inject(TaskTransitions) private readonly transitions: TaskTransitions,
    @Inject(TaskWakeUp) wakeUp: TaskWakeUp,
  ) {
    wakeUp.on(() => void this.tick());
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.BUILD_POLL_MS);
    void this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    for (const controller of this.running.values()) controller.abort(new Error('the build service is stopping'));
    // what it ran is free for the next replica at once (its lease ends now), not after the lease
    await this.tasks.renewLeases(this.owner, [...this.running.keys()], 0).catch(() => undefined);
  }

  /** How many component tasks this replica runs now. */
  get busy(): number {
    return this.running.size;
  }

  private async tick(): Promise<void> {
    if (this.stopping) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    try {
      do {
        this.again = false;
        await this.tasks.renewLeases(this.owner, [...this.running.keys()], this.config.BUILD_LEASE_MS);
        const free = this.config.BUILD_CONCURRENCY - this.running.size;
        if (free > 0) for (const claimed of await this.claim(free)) void this.run(claimed);
        if (this.ticks++ % 5 === 0)
          for (const id of await this.tasks.staleAppTasks(this.config.BUILD_LEASE_MS, 10)) await this.packer.refresh(id);
      } while (this.again && !this.stopping);
    } catch (error) {
      this.logger.warn({ reason: (error as Error).message }, 'build runner: tick failed; trying again');
    } finally {
      this.ticking = false;
    }
  }

  private claim(limit: number): Promise<ClaimedTask[]> {
    return this.tasks.inTransaction(async (tx) => {
      const claimed = await this.tasks.claimRunnable(tx, this.owner, this.config.BUILD_LEASE_MS, limit);
      for (const { task, previousState } of claimed) {
        const restarted =
          previousState === 'RUNNING' && task.attempt > 1
            ? `started again (attempt ${task.attempt}): the replica running it stopped`
            : null;
        await this.transitions.component(tx, task, previousState, 'RUNNING', restarted);
      }
      return claimed;
    });
  }

  private async run({ task, previousState }: ClaimedTask): Promise<void> {
    const controller = new AbortController();
    this.running.set(task.id, controller);
    const timeout = setTimeout(
      () => controller.abort(new Error(`the build took longer than ${this.config.BUILD_TIMEOUT_MS} ms`)),
      this.config.BUILD_TIMEOUT_MS,
    );
    const log = new TaskLog(task.id, this.tasks, this.store);
    if (previousState === 'RUNNING' && task.attempt > 1) log.line(`--- attempt ${task.attempt}: building again from the start`);
    log.line(`${task.componentType}|${task.componentName}@${task.version}: started on ${this.owner}`);
    try {
      const outcome = await this.build.execute(task, controller.signal, log);
      const ended = await this.tasks.inTransaction(async (tx) => {
        await outcome.commit(tx);
        const held = await this.tasks.finishComponent(tx, task.id, this.owner, {
          state: outcome.state,
          reason: null,
          componentPackageId: outcome.componentPackageId,
        });
        if (held) await this.transitions.component(tx, task, 'RUNNING', outcome.state, null);
        return held;
      });
      log.line(ended ? `${outcome.state}` : 'finished, but another replica took the task over meanwhile: its result counts');
    } catch (error) {
      if (this.stopping) {
        log.line('stopped with the build service; another replica (or this one, restarted) builds it again');
        return;
      }
      const reason = controller.signal.aborted
        ? String((controller.signal.reason as Error)?.message ?? 'aborted')
        : (error as Error).message;
      log.line(`FAILURE: ${reason}`);
      await this.tasks
        .inTransaction(async (tx) => {
          if (await this.tasks.finishComponent(tx, task.id, this.owner, { state: 'FAILURE', reason, componentPackageId: null }))
            await this.transitions.component(tx, task, 'RUNNING', 'FAILURE', reason);
        })
        .catch((e: Error) => this.logger.error({ taskId: task.id, reason: e.message }, 'could not record a failed build'));
    } finally {
      clearTimeout(timeout);
      this.running.delete(task.id);
      // the app task first: its package should not wait for the log to be archived
      if (task.appPackageTaskId && !this.stopping)
        await this.packer
          .refresh(task.appPackageTaskId)
          .catch((e: Error) => this.logger.warn({ reason: e.message }, 'app task refresh failed'));
      // a build stopped with the service keeps its lines in the database: the next attempt's log continues them
      if (this.stopping) await log.flush().finally(() => log.stop());
      else await log.archive().catch((e: Error) => this.logger.warn({ taskId: task.id, reason: e.message }, 'build log not archived'));
      void this.tick();
    }
  }
}
