import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SERVICE_CONFIG, SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { type AddonConfig, addonConfigSchema } from '../../addon.config.js';
import { AddonInstanceRepository } from './addon-instance.repository.js';
import { AddonPlugins } from './addon.ports.js';
import { ProvisionInstance } from './provision-instance.js';

const BATCH = 500;

/**
 * An expired or drifted instance is applied again without waiting for the next deployment that claims it: every
 * ADDON_RECHECK_INTERVAL_MS each READY instance the service made is locked (SKIP LOCKED: replicas share the work)
 * and its plug-in's `checkExpired` asked (postgres-database: is the database or its role gone?); an expired one is
 * applied again with the same generated secrets, and every namespace consuming it gets its binding again.
 */
@Injectable()
export class RecheckInstancesService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private readonly intervalMs: number;

  constructor(
    @Inject(SERVICE_CONFIG) config: Record<string, unknown>,
    @Inject(AddonInstanceRepository) private readonly instances: AddonInstanceRepository,
    @Inject(AddonPlugins) private readonly plugins: AddonPlugins,
    @Inject(ProvisionInstance) private readonly provision: ProvisionInstance,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {
    this.intervalMs = (addonConfigSchema.parse(config) as AddonConfig).ADDON_RECHECK_INTERVAL_MS;
  }

  onApplicationBootstrap(): void {
    if (this.intervalMs > 0) this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass over the READY instances; returns the ids applied again. */
  async recheckOnce(): Promise<string[]> {
    const reapplied: string[] = [];
    for (const id of await this.instances.readyToRecheck(BATCH)) {
      try {
        const outcome = await this.instances.inTransaction(async (tx) => {
          const instance = await this.instances.tryLock(tx, id);
          if (!instance) return undefined;
          const before = instance.updatedAt.getTime();
          const definition = await this.plugins.definition(instance.addonType);
          const ready = await this.provision.makeReady(tx, instance, definition, { sharedOnly: false });
          return { ready, reapplied: instance.updatedAt.getTime() !== before };
        });
        if (outcome?.reapplied) {
          reapplied.push(id);
          this.logger.info({ instanceId: id, ok: outcome.ready.ok }, 'add-on instance had expired or drifted: applied again');
        }
      } catch (error) {
        this.logger.warn({ instanceId: id, err: error }, 'could not recheck an add-on instance; trying at the next pass');
      }
    }
    return reapplied;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.recheckOnce()
        .then(() => undefined)
        .finally(() => {
          this.running = undefined;
          if (this.timer !== undefined) this.schedule();
        });
    }, this.intervalMs);
  }
}
