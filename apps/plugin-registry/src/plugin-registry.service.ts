import { createMessagingMigration, currentCorrelationId, MessagingModule, messagingEntities } from '@appmanager/messaging';
import type { ServiceDefinition } from '@appmanager/service-host';
import { DataSource } from 'typeorm';
import { PluginRegistryModule } from './plugin-registry.module.js';
import { CreatePluginPackage1764040000000 } from './plugins/outbound/migrations/1764040000000-create-plugin-package.migration.js';
import { PluginPackageContents1764050000000 } from './plugins/outbound/migrations/1764050000000-plugin-package-contents.migration.js';
import { PluginPackageEntity } from './plugins/outbound/plugin-package.entity.js';
import { PluginUsageEntity } from './plugins/outbound/plugin-usage.entity.js';
import { pluginsConfigSchema } from './plugins/plugins.config.js';

const schema = 'plugin_registry';

/** The plugin-registry service: plug-in packages, versions, enable/disable, definitions. */
export const pluginRegistryService: ServiceDefinition = {
  name: 'plugin-registry',
  description: 'Stores plug-in packages and their versions, and enables or disables them.',
  rootModule: PluginRegistryModule,
  defaultHttpPort: 3004,
  configSchema: pluginsConfigSchema,
  persistence: {
    schema,
    entities: [PluginPackageEntity, PluginUsageEntity, ...messagingEntities],
    migrations: [createMessagingMigration(schema), CreatePluginPackage1764040000000, PluginPackageContents1764050000000],
  },
  // one NATS connection per process: the host opens and closes it, messaging borrows it
  imports: ({ nats, logger }) => [
    MessagingModule.forRoot({ serviceName: 'plugin-registry', connection: nats, dataSource: DataSource, logger }),
  ],
  correlationSources: [currentCorrelationId],
};
