import type { DynamicModule, Type } from '@nestjs/common';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ServiceDataSourceOptions } from '@appmanager/persistence';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { BaseConfig } from './config/service-config.js';
import type { CorrelationSource } from './correlation/correlation-context.js';

/** What the host hands to a service's transport factory. */
export interface ServiceDependencies {
  config: BaseConfig & Record<string, unknown>;
  nats: NatsConnection;
  dataSource: DataSource;
  logger: Logger;
}

/** Everything that differs between two services; the rest is the platform's way. */
export interface ServiceDefinition {
  /** Service name: in logs, metrics and the OpenAPI title. */
  name: string;
  description?: string;
  version?: string;
  rootModule: Type<unknown>;
  defaultHttpPort: number;
  persistence: Pick<ServiceDataSourceOptions, 'schema' | 'entities' | 'migrations'>;
  /**
   * Modules that need what only exists at boot (the NATS connection, the logger), e.g.
   * `MessagingModule.forRoot({ connection: nats, dataSource: DataSource, ... })`.
   */
  imports?: (dependencies: ServiceDependencies) => DynamicModule[];
  /** Extra environment variables of this service, merged into the base schema. */
  configSchema?: z.ZodObject;
  /**
   * Event consumers as a Nest custom transport (libs/messaging's strategy); connected
   * after HTTP is up and closed (drained) on shutdown before NATS and Postgres.
   */
  transport?: (dependencies: ServiceDependencies) => CustomTransportStrategy;
  /** Where event handlers keep their correlation id (libs/messaging's `currentCorrelationId`). */
  correlationSources?: CorrelationSource[];
}
