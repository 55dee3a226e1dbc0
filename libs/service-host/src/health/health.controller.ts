import { Public } from '../auth/permission.decorator.js';
import { Controller, Get, HttpCode, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { schemaReady } from '@appmanager/persistence';
import { NatsHealth } from './nats-health.js';

type Passthrough = { setHeader(name: string, value: string): void };

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    @Inject(NatsHealth) private readonly nats: NatsHealth,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  /** The process is alive; says nothing about its dependencies, so Kubernetes does not restart it for them. */
  @Get('healthz')
  @ApiOkResponse({ description: 'process alive' })
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  @HttpCode(200)
  @ApiOkResponse({ description: 'NATS connected and the Postgres schema reachable and migrated' })
  @ApiServiceUnavailableResponse({ description: 'names the failing check' })
  async readyz(@Res({ passthrough: true }) res: Passthrough): Promise<{ status: 'ready'; checks: Record<string, string> }> {
    res.setHeader('Cache-Control', 'no-store');
    const nats = this.nats.check();
    const postgres = await schemaReady(this.dataSource);
    const checks = { nats: nats.ready ? 'ok' : nats.reason, postgres: postgres.ready ? 'ok' : postgres.reason };
    if (!nats.ready || !postgres.ready) {
      const failing = [!nats.ready && 'nats', !postgres.ready && 'postgres'].filter(Boolean).join(', ');
      throw new ServiceUnavailableException({ message: `not ready: ${failing}`, checks });
    }
    return { status: 'ready', checks };
  }
}
