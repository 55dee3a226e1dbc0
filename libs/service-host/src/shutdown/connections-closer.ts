import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { NATS_CONNECTION, SERVICE_LOGGER } from '../service-host.tokens.js';

/**
 * Runs after Nest stopped HTTP and closed the event transport (its `dispose` step), so
 * nothing still in flight loses its NATS connection or its database.
 */
@Injectable()
export class ConnectionsCloser implements OnApplicationShutdown {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationShutdown(signal?: string): Promise<void> {
    await this.closeNats();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    this.logger.info({ signal }, 'stopped');
  }

  /** Drains (lets in-flight messages finish); a connection that cannot drain in time is closed. */
  private async closeNats(): Promise<void> {
    if (this.nats.isClosed()) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 5_000)));
    const drained = await Promise.race([this.nats.drain().catch(() => 'failed' as const), timeout]);
    clearTimeout(timer);
    if (drained !== undefined) await this.nats.close().catch(() => undefined);
  }
}
