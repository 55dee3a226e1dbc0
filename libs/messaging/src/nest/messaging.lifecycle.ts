import { type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type NatsConnection } from '@nats-io/transport-node';
import { type OutboxRelay } from '../outbox/outbox.relay.js';

/** Starts the relay once the app is up; at shutdown stops it, then drains the connection it owns. */
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly nc: NatsConnection,
    private readonly ownsConnection: boolean,
    private readonly relay?: OutboxRelay,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.relay?.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    // last: Nest has closed the transports by now (dispose), so handlers that shared this
    // connection have finished, acked and published what they had to
    if (this.ownsConnection && !this.nc.isClosed()) await this.nc.drain();
  }
}
