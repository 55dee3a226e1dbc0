import type { ServiceDefinition } from '@appmanager/service-host';
import { PluginRegistryModule } from './plugin-registry.module.js';
import { PluginPackageEntity } from './plugins/outbound/plugin-package.entity.js';
import { CreatePluginPackage1764040000000 } from './plugins/outbound/migrations/1764040000000-create-plugin-package.migration.js';

/** The plugin-registry service: plug-in packages, versions, enable/disable, definitions. */
export const pluginRegistryService: ServiceDefinition = {
  name: 'plugin-registry',
  description: 'Stores plug-in packages and their versions, and enables or disables them.',
  rootModule: PluginRegistryModule,
  defaultHttpPort: 3004,
  persistence: { schema: 'plugin_registry', entities: [PluginPackageEntity], migrations: [CreatePluginPackage1764040000000] },
};
