import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { NATS_CONNECTION, SERVICE_CONFIG, SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { pollerPlacement, type SensorConfig } from '../../sensor.config.js';
import { KvPollerMembership } from '../outbound/kv-poller-membership.js';

/**
 * A poller process's place in its unit: joins the membership at boot and leaves it on shutdown,
 * before the host closes NATS, so its clusters move at once instead of after a TTL.
 */
@Injectable()
export class PollerMembershipService implements OnApplicationBootstrap, OnModuleDestroy {
  private membership: KvPollerMembership | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: SensorConfig,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const placement = pollerPlacement(this.config);
    if (placement === undefined) {
      this.logger.info({ role: this.config.SENSOR_ROLE }, 'not a poller: no unit membership');
      return;
    }
    this.membership = await KvPollerMembership.join({
      connection: this.nats,
      ...placement,
      ttlMs: this.config.SENSOR_MEMBERSHIP_TTL_MS,
      heartbeatMs: this.config.SENSOR_HEARTBEAT_MS,
      onError: (error) => this.logger.warn({ err: error, ...placement }, 'poller membership heartbeat or watch failed'),
    });
    this.logger.info({ ...placement, livePollers: this.membership.livePollers() }, 'poller joined its unit');
  }

  async onModuleDestroy(): Promise<void> {
    await this.membership?.leave();
  }

  /** This process's membership, when it is a poller. */
  current(): KvPollerMembership | undefined {
    return this.membership;
  }
}
