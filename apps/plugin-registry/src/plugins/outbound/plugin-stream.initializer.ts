import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { streamFor } from '@appmanager/contracts';
import { ensureStreams } from '@appmanager/messaging';
import { NATS_CONNECTION } from '@appmanager/service-host';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

/** PLUGIN (this service owns the domain) and AUDIT (its audit events) must exist before the outbox relay publishes into them. */
@Injectable()
export class PluginStreamInitializer implements OnModuleInit {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  async onModuleInit(): Promise<void> {
    await ensureStreams(await jetstreamManager(this.nc), { streams: [streamFor('plugin'), streamFor('audit')] });
  }
}
