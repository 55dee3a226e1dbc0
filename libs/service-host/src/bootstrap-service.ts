import 'reflect-metadata';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DestinationStream, Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { createAuditMigration } from './audit/audit.migration.js';
import { authConfigSchema } from './auth/auth-config.js';
import { maskSecrets } from './config/mask-secrets.js';
import { type BaseConfig, baseConfigSchema, loadConfig, StartupError } from './config/service-config.js';
import { CorrelationContext } from './correlation/correlation-context.js';
import { configureHttp } from './http/configure-http.js';
import { createLogger } from './logging/logger.js';
import { PinoNestLogger } from './logging/nest-logger.js';
import { ServiceMetrics } from './metrics/service-metrics.js';
import type { ServiceDefinition } from './service-definition.js';
import { ServiceHostModule } from './service-host.module.js';
import { connectNats, openDatabase } from './startup/connect-dependencies.js';
import { listen } from './startup/listen.js';

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  /** Where JSON log lines go; stdout unless a test collects them. */
  logDestination?: DestinationStream;
}

export interface RunningService {
  app: INestApplication;
  config: BaseConfig & Record<string, unknown>;
  /** http://host:port of the listening server */
  url: string;
  logger: Logger;
  close(): Promise<void>;
}

@Module({})
class HostedServiceRoot {}

/**
 * Boots a service the platform way: config from the environment, NATS, the migrated schema,
 * HTTP with /v1 + docs + probes + metrics, the event transport, graceful shutdown.
 * Throws `StartupError` (one line, secrets masked) when config or a dependency is wrong.
 */
export async function startService(definition: ServiceDefinition, options: StartOptions = {}): Promise<RunningService> {
  const env = options.env ?? process.env;
  const schema = baseConfigSchema({ httpPort: definition.defaultHttpPort })
    .extend(authConfigSchema.shape)
    .extend(definition.configSchema?.shape ?? {});
  const config = loadConfig(schema, env) as BaseConfig & Record<string, unknown>;
  const logger = createLogger({ service: definition.name, level: config.LOG_LEVEL, destination: options.logDestination });
  for (const source of definition.correlationSources ?? []) CorrelationContext.addSource(source);

  let nats: NatsConnection | undefined;
  let dataSource: DataSource | undefined;
  let app: INestApplication | undefined;
  try {
    nats = await connectNats(config.NATS_URL, definition.name);
    const { persistence } = definition;
    dataSource = await openDatabase(config.DATABASE_URL, definition.name, {
      ...persistence,
      migrations: [...(persistence.migrations as (string | (new () => unknown))[]), createAuditMigration(persistence.schema)],
    });
    const metrics = new ServiceMetrics(definition.name);
    const dependencies = { config, nats, dataSource, logger };
    const imports = [
      ServiceHostModule.forRoot({ ...dependencies, metrics, serviceName: definition.name }),
      ...(definition.imports?.(dependencies) ?? []),
      definition.rootModule,
    ];
    app = await NestFactory.create({ module: HostedServiceRoot, imports }, { logger: new PinoNestLogger(logger), abortOnError: false });
    configureHttp(app, definition, logger, metrics, config.HTTP_BODY_LIMIT);
    // SIGTERM/SIGINT: stop HTTP, close the transport, then NATS and Postgres (ConnectionsCloser), exit 0
    app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
    if (definition.transport) {
      app.connectMicroservice({ strategy: definition.transport(dependencies) });
      await app.startAllMicroservices();
    }
    const url = await listen(app, config.HTTP_HOST, config.HTTP_PORT);
    logger.info({ url, schema: definition.persistence.schema }, `${definition.name} ready to serve`);
    const started = app;
    return { app: started, config, url, logger, close: () => started.close() };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await nats?.close().catch(() => undefined);
    if (dataSource?.isInitialized) await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}

/**
 * For `main.ts`: starts the service, and on a start-up failure prints one line (no stack,
 * secrets masked) and exits 1.
 */
export async function runService(definition: ServiceDefinition): Promise<RunningService | undefined> {
  try {
    const service = await startService(definition);
    // a stray rejection is a bug to log and fix, not a reason to drop every request in flight
    process.on('unhandledRejection', (reason) => service.logger.error({ err: reason }, 'unhandled promise rejection'));
    return service;
  } catch (error) {
    const line =
      error instanceof StartupError || error instanceof z.ZodError
        ? error.message
        : `${definition.name} failed to start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    process.stderr.write(`${maskSecrets(line)}\n`);
    process.exit(1);
  }
}
