import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { LocalBundleDefinitionSource, PluginCatalog, RegistryDefinitionSource, registryFetch } from '@appmanager/plugin-catalog';
import { PluginRuntime } from '@appmanager/plugin-runtime';
import { NATS_CONNECTION, SERVICE_CONFIG } from '@appmanager/service-host';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { PluginGateway } from './application/plugin.gateway.js';
import { PluginUsages } from './application/plugin.usages.js';
import { PropertiesValidator } from './application/properties.validator.js';
import { BuiltinPluginUsages } from './outbound/builtin.plugin-usages.js';
import { CatalogPluginGateway } from './outbound/catalog-plugin.gateway.js';

import { RegistryPluginUsages } from './outbound/registry.plugin-usages.js';
import { pluginHostConfigSchema } from './plugin-host.config.js';

/** The QuickJS runtime and the definitions catalog deploy runs plug-ins with. */
@Module({
  providers: [
    {
      provide: PluginRuntime,
      useFactory: (config: Record<string, unknown>) =>
        new PluginRuntime({ pool: { size: pluginHostConfigSchema.parse(config).DEPLOY_PLUGIN_WORKERS } }),
      inject: [SERVICE_CONFIG],
    },
    {
      provide: PluginCatalog,
      useFactory: (config: Record<string, unknown>, nats?: NatsConnection) => {
        const { PLUGIN_REGISTRY_URL, DEPLOY_PLUGIN_DIR, ...credentials } = pluginHostConfigSchema.parse(config);
        if (!PLUGIN_REGISTRY_URL) return new PluginCatalog(new LocalBundleDefinitionSource(DEPLOY_PLUGIN_DIR));
        // with a registry, plug-in events drop cached definitions so a new version is used without a restart
        const catalog = new PluginCatalog(new RegistryDefinitionSource(PLUGIN_REGISTRY_URL, registryFetch(credentials)), nats);
        catalog.start();
        return catalog;
      },
      inject: [SERVICE_CONFIG, { token: NATS_CONNECTION, optional: true }],
    },
    {
      provide: PluginUsages,
      useFactory: (config: Record<string, unknown>, dataSource?: DataSource) => {
        const { PLUGIN_REGISTRY_URL, ...credentials } = pluginHostConfigSchema.parse(config);
        if (!PLUGIN_REGISTRY_URL) return new BuiltinPluginUsages();
        // the recorded versions are persisted, so whichever replica finishes a deployment releases them
        if (!dataSource) throw new Error('recording plug-in usages at the plug-in registry needs the deploy database');
        return new RegistryPluginUsages(PLUGIN_REGISTRY_URL, dataSource, registryFetch(credentials));
      },
      inject: [SERVICE_CONFIG, { token: DataSource, optional: true }],
    },
    {
      provide: PluginGateway,
      useFactory: (catalog: PluginCatalog, runtime: PluginRuntime, usages: PluginUsages) =>
        new CatalogPluginGateway(catalog, runtime, usages),
      inject: [PluginCatalog, PluginRuntime, PluginUsages],
    },
    PropertiesValidator,
  ],
  exports: [PluginGateway, PluginUsages, PropertiesValidator],
})
export class PluginHostModule implements OnModuleDestroy {
  constructor(
    @Inject(PluginRuntime) private readonly runtime: PluginRuntime,
    @Inject(PluginCatalog) private readonly catalog: PluginCatalog,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.catalog.stop();
    await this.runtime.close();
  }
}
