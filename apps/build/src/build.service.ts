import {
  createMessagingMigration,
  currentCorrelationId,
  JetStreamTransport,
  MessagingModule,
  messagingEntities,
} from '@appmanager/messaging';
import type { ServiceDefinition } from '@appmanager/service-host';
import { DataSource } from 'typeorm';
import { buildConfigSchema } from './build.config.js';
import { BuildModule } from './build.module.js';
import { CreateBuildTask1764020000000 } from './package-tasks/outbound/migrations/1764020000000-create-build-task.migration.js';
import { PackageTasksAndPackages1764900000000 } from './package-tasks/outbound/migrations/1764900000000-package-tasks-and-packages.migration.js';

const schema = 'build';

/** The build service: build configs, component- and app-package tasks, packages in AppManager's layout. */
export const buildService: ServiceDefinition = {
  name: 'build',
  description: "Builds images and AppManager's component and app packages, imports and exports them, and hands deploy their content.",
  rootModule: BuildModule,
  defaultHttpPort: 3001,
  persistence: {
    schema,
    entities: [...messagingEntities],
    migrations: [CreateBuildTask1764020000000, createMessagingMigration(schema), PackageTasksAndPackages1764900000000],
  },
  configSchema: buildConfigSchema,
  imports: ({ nats, logger }) => [MessagingModule.forRoot({ serviceName: 'build', connection: nats, dataSource: DataSource, logger })],
  transport: ({ nats, logger }) => new JetStreamTransport({ connection: nats, logger }),
  correlationSources: [currentCorrelationId],
};
