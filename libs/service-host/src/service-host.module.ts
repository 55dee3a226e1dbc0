import { type DynamicModule, Module } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { authProviders } from './auth/auth.providers.js';
import { AuthController } from './auth/auth.controller.js';
import { Access } from './auth/access.js';
import type { AuthConfig } from './auth/auth-config.js';
import { AuditController } from './audit/audit.controller.js';
import { AuditTrail } from './audit/audit-trail.js';
import { HealthController } from './health/health.controller.js';
import { NatsHealth } from './health/nats-health.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { ServiceMetrics } from './metrics/service-metrics.js';
import { NATS_CONNECTION, SERVICE_CONFIG, SERVICE_LOGGER } from './service-host.tokens.js';
import { ConnectionsCloser } from './shutdown/connections-closer.js';

export interface HostedDependencies {
  config: Record<string, unknown>;
  nats: NatsConnection;
  dataSource: DataSource;
  logger: Logger;
  metrics: ServiceMetrics;
  /** The service's name: the audit trail's `service` and its events' source. */
  serviceName: string;
}

/**
 * Global providers every service module may inject: its config, the NATS connection, its
 * DataSource, the logger and metrics; plus /healthz, /readyz and /metrics.
 */
@Module({})
export class ServiceHostModule {
  static forRoot(dependencies: HostedDependencies): DynamicModule {
    return {
      module: ServiceHostModule,
      global: true,
      controllers: [HealthController, MetricsController, AuthController, AuditController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: dependencies.config },
        { provide: NATS_CONNECTION, useValue: dependencies.nats },
        { provide: DataSource, useValue: dependencies.dataSource },
        { provide: SERVICE_LOGGER, useValue: dependencies.logger },
        { provide: ServiceMetrics, useValue: dependencies.metrics },
        { provide: NatsHealth, useFactory: () => new NatsHealth(dependencies.nats) },
        ConnectionsCloser,
        { provide: AuditTrail, useValue: new AuditTrail(dependencies.dataSource, dependencies.serviceName) },
        ...authProviders(dependencies.nats, dependencies.config as AuthConfig),
      ],
      exports: [SERVICE_CONFIG, NATS_CONNECTION, DataSource, SERVICE_LOGGER, ServiceMetrics, Access, AuditTrail],
    };
  }
}
