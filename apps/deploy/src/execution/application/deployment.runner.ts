import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { ValidateApplicationUseCase } from '../../plan/application/validate-application.use-case.js';
import { PluginUsages } from '../../plugin-host/application/plugin.usages.js';
import { DagExecutor } from './dag.executor.js';
import { DeploymentMetrics } from './deployment.metrics.js';
import { EXECUTION_CONFIG, type ExecutionConfig } from './execution.config.js';
import { RunDriver } from './run-driver.js';
import { RunStore } from './run.store.js';
import { RunWakeups } from './run-wakeups.js';
import { StepExecutor } from './step.executor.js';

const USAGE_SWEEP_INTERVAL_MS = 60_000;

/**
 * Each replica leases unfinished deployments (SKIP LOCKED, so two replicas never drive one deployment),
 * renews its leases while alive, and drives what it holds. A replica that dies stops renewing; after the
 * lease TTL another claims its deployments and continues them from their persisted state.
 */
@Injectable()
export class DeploymentRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly drivers = new Map<string, RunDriver>();
  private interval: NodeJS.Timeout | undefined;
  private cycling = false;
  private again = false;
  /** The last sweep of usages that final deployments still hold, and the one under way. */
  private lastUsageSweep = 0;
  private usageSweep: Promise<void> | undefined;

  constructor(
    @Inject(RunStore) private readonly store: RunStore,
    @Inject(ValidateApplicationUseCase) private readonly validate: ValidateApplicationUseCase,
    @Inject(StepExecutor) private readonly steps: StepExecutor,
    @Inject(DagExecutor) private readonly dag: DagExecutor,
    @Inject(EXECUTION_CONFIG) private readonly config: ExecutionConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
    @Inject(RunWakeups) private readonly wakeups: RunWakeups,
    @Inject(PluginUsages) private readonly usages: PluginUsages,
    @Inject(DeploymentMetrics) private readonly metrics: DeploymentMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.interval = setInterval(() => void this.cycle(), this.config.DEPLOY_CLAIM_INTERVAL_MS);
    await this.wakeups.start(() => this.nudge());
    void this.cycle();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.interval);
    await this.wakeups.stop();
    await this.usageSweep;
    for (const [id, driver] of this.drivers) {
      driver.stop();
      // handing the lease back lets another replica continue at once instead of after the TTL
      await this.store.release(this.owner, id).catch(() => undefined);
    }
    this.drivers.clear();
  }

  /** Wakes the cycle now (after a launch or an operation), instead of at the next interval. */
  nudge(): void {
    void this.cycle();
  }

  private async cycle(): Promise<void> {
    if (this.cycling) {
      // a wake-up during a cycle must not be lost: run once more right after it
      this.again = true;
      return;
    }
    this.cycling = true;
    try {
      await this.store.adoptLaunched();
      const held = new Set(await this.store.renew(this.owner, [...this.drivers.keys()], this.config.DEPLOY_LEASE_TTL_MS));
      for (const [id, driver] of this.drivers) {
        if (!held.has(id)) {
          this.logger.warn({ deploymentId: id }, 'lost the lease of a deployment; another replica continues it');
          driver.stop();
          this.drivers.delete(id);
        } else if (driver.finished) {
          driver.stop();
          this.drivers.delete(id);
          await this.store.release(this.owner, id);
          // a final deployment calls no plug-in again: its versions may be deleted now
          for (const released of [id, ...(driver.undeployed ? [driver.undeployed] : [])]) {
            await this.usages
              .release(released)
              .catch((error: unknown) =>
                this.logger.warn({ deploymentId: released, err: (error as Error).message }, 'could not release plug-in usages'),
              );
          }
        }
      }
      const claimed = await this.store.claim(this.owner, this.config.DEPLOY_LEASE_TTL_MS, this.config.DEPLOY_CLAIM_BATCH);
      // a full batch: more may be waiting (a burst of launches), so claim again now rather than at the next interval
      if (claimed.length === this.config.DEPLOY_CLAIM_BATCH) this.again = true;
      for (const id of claimed) {
        if (this.drivers.has(id)) continue;
        const driver = new RunDriver(id, {
          store: this.store,
          validate: this.validate,
          steps: this.steps,
          dag: this.dag,
          metrics: this.metrics,
          log: (f, m) => this.logger.warn(f, m),
        });
        this.drivers.set(id, driver);
        this.logger.info({ deploymentId: id, owner: this.owner }, 'claimed a deployment');
        void driver.start();
      }
      for (const operation of await this.store.pendingOperations([...this.drivers.keys()])) {
        await this.drivers.get(operation.deploymentId)?.operate(operation);
        await this.store.completeOperation(operation.id);
      }
      this.sweepUsages();
    } catch (error) {
      this.logger.error({ err: error }, 'deployment runner cycle failed; trying again next interval');
    } finally {
      this.cycling = false;
      if (this.again) {
        this.again = false;
        void this.cycle();
      }
    }
  }

  /**
   * At boot and then now and again, releases the plug-in usages final deployments still hold (a release the
   * registry refused, or a replica that stopped between the final state and its release), beside the cycle.
   */
  private sweepUsages(): void {
    if (this.usageSweep || Date.now() - this.lastUsageSweep < USAGE_SWEEP_INTERVAL_MS) return;
    this.lastUsageSweep = Date.now();
    this.usageSweep = this.usages
      .releaseFinished()
      .catch((error: unknown) =>
        this.logger.warn({ err: (error as Error).message }, 'could not release plug-in usages of final deployments'),
      )
      .finally(() => (this.usageSweep = undefined));
  }
}
