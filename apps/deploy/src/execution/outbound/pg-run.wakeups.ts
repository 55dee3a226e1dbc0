import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { DataSource } from 'typeorm';
import { type RunWakeups } from '../application/run-wakeups.js';

/** Channel the triggers of migration 1764030000000 notify on a launch or a queued operation. */
export const runsChannel = 'deploy_runs';

interface NotifyingClient {
  query(sql: string): Promise<unknown>;
  on(event: 'notification' | 'error', listener: (arg?: unknown) => void): void;
  removeAllListeners(event: string): void;
}

/** One pooled connection LISTENing on `deploy_runs`; if it breaks, the runner's interval still finds the work. */
@Injectable()
export class PgRunWakeups implements RunWakeups {
  private client: NotifyingClient | undefined;
  private release: (() => void) | undefined;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource, @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger) {}

  async start(onWake: () => void): Promise<void> {
    try {
      const driver = this.dataSource.driver as unknown as { obtainMasterConnection(): Promise<[NotifyingClient, () => void]> };
      [this.client, this.release] = await driver.obtainMasterConnection();
      this.client.on('notification', () => onWake());
      this.client.on('error', (error) => this.logger.warn({ err: (error as Error).message }, 'LISTEN connection for deployment wake-ups failed; polling only'));
      await this.client.query(`LISTEN "${runsChannel}"`);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'cannot LISTEN for deployment wake-ups; polling only');
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    await client.query(`UNLISTEN "${runsChannel}"`).catch(() => undefined);
    client.removeAllListeners('notification');
    client.removeAllListeners('error');
    this.release?.();
  }
}
