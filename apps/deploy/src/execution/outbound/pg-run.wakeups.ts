import { Inject, Injectable } from '@nestjs/common';
import { PgListener } from '@appmanager/persistence';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { DataSource } from 'typeorm';
import { type RunWakeups } from '../application/run-wakeups.js';

/** Channel the triggers of migration 1764030000000 notify on a launch or a queued operation. */
export const runsChannel = 'deploy_runs';

/** LISTENs on `deploy_runs`; while the connection is down, the runner's interval still finds the work. */
@Injectable()
export class PgRunWakeups implements RunWakeups {
  private listener: PgListener | undefined;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  async start(onWake: () => void): Promise<void> {
    this.listener = new PgListener(this.dataSource, {
      channel: runsChannel,
      onNotify: onWake,
      logger: this.logger,
      subject: 'deployment wake-ups',
    });
    await this.listener.start();
  }

  async stop(): Promise<void> {
    await this.listener?.stop();
    this.listener = undefined;
  }
}
