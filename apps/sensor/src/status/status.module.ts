import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { LocalBundleDefinitionSource, PluginCatalog, RegistryDefinitionSource, registryFetch } from '@appmanager/plugin-catalog';
import { PluginRuntime } from '@appmanager/plugin-runtime';
import { NATS_CONNECTION, SERVICE_CONFIG } from '@appmanager/service-host';
import type { SensorConfig } from '../sensor.config.js';
import { ObserveClusterUseCase } from './application/observe-cluster.use-case.js';
import { SensingStore, StatusPlugins } from './application/status.ports.js';
import { RuntimeStatusPlugins } from './outbound/runtime-status.plugins.js';
import { SqlSensingStore } from './outbound/sql-sensing.store.js';

/** Observing a cluster: the component plug-ins' status (the registry's definitions, as deploy uses), drift, the change record. */
@Module({
  providers: [
    {
      provide: PluginRuntime,
      useFactory: (config: SensorConfig) => new PluginRuntime({ pool: { size: config.SENSOR_PLUGIN_WORKERS } }),
      inject: [SERVICE_CONFIG],
    },
    {
      provide: PluginCatalog,
      useFactory: (config: SensorConfig, nats?: NatsConnection) => {
        if (!config.PLUGIN_REGISTRY_URL) return new PluginCatalog(new LocalBundleDefinitionSource(config.SENSOR_PLUGIN_DIR));
        const catalog = new PluginCatalog(new RegistryDefinitionSource(config.PLUGIN_REGISTRY_URL, registryFetch(config)), nats);
        catalog.start();
        return catalog;
      },
      inject: [SERVICE_CONFIG, { token: NATS_CONNECTION, optional: true }],
    },
    {
      provide: StatusPlugins,
      useFactory: (catalog: PluginCatalog, runtime: PluginRuntime) => new RuntimeStatusPlugins(catalog, runtime),
      inject: [PluginCatalog, PluginRuntime],
    },
    { provide: SensingStore, useClass: SqlSensingStore },
    ObserveClusterUseCase,
  ],
  exports: [ObserveClusterUseCase, SensingStore],
})
export class StatusModule implements OnModuleDestroy {
  constructor(
    @Inject(PluginRuntime) private readonly runtime: PluginRuntime,
    @Inject(PluginCatalog) private readonly catalog: PluginCatalog,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.catalog.stop();
    await this.runtime.close();
  }
}
