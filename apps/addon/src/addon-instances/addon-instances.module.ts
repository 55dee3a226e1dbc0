import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { NatsClusterCredentialsSource } from '@appmanager/messaging';
import { LocalBundleDefinitionSource, PluginCatalog, RegistryDefinitionSource, registryFetch } from '@appmanager/plugin-catalog';
import { PluginRuntime } from '@appmanager/plugin-runtime';
import { NATS_CONNECTION, SERVICE_CONFIG } from '@appmanager/service-host';
import { type AddonConfig, addonConfigSchema } from '../addon.config.js';
import {
  GetAddonInstanceUseCase,
  GrantAddonInstanceUseCase,
  ListAddonInstancesUseCase,
} from './application/addon-instance-queries.use-case.js';
import { AddonInstanceRepository } from './application/addon-instance.repository.js';
import { AddonEvents, AddonPlugins, BindingProjector, EventInbox, SecretSealer } from './application/addon.ports.js';
import { ApplyAddonInstanceUseCase } from './application/apply-addon-instance.use-case.js';
import { ImportAddonInstanceUseCase } from './application/import-addon-instance.use-case.js';
import { ProvisionInstance } from './application/provision-instance.js';
import { ReleaseAddonInstanceUseCase } from './application/release-addon-instance.use-case.js';
import { RecheckInstancesService } from './application/recheck-instances.service.js';
import { ReleaseAppInstanceClaimsUseCase } from './application/release-app-instance-claims.use-case.js';
import { AddonInstanceController } from './inbound/addon-instance.controller.js';
import { SecretsKeysController } from './inbound/secrets-keys.controller.js';
import { SqlSecretsRotation } from './outbound/sql-secrets-rotation.js';
import { AppInstanceDeletedHandler, ApplyAddonInstanceHandler } from './inbound/addon-command.handlers.js';
import { AesGcmSecretSealer } from './outbound/aes-gcm.secret-sealer.js';
import { AdminPostgres, AdminS3, AllowListConfig } from './outbound/admin-backends.js';
import { ClusterKube, KubeBindingProjector, kubeCapability } from './outbound/kube-binding.projector.js';
import { OutboxAddonEvents, TypeOrmEventInbox } from './outbound/outbox.addon-events.js';
import { RuntimeAddonPlugins } from './outbound/plugin-runtime.addon-plugins.js';
import { SqlAddonInstanceRepository } from './outbound/sql-addon-instance.repository.js';

const configOf = (raw: Record<string, unknown>): AddonConfig => addonConfigSchema.parse(raw);

@Module({
  controllers: [AddonInstanceController, SecretsKeysController, ApplyAddonInstanceHandler, AppInstanceDeletedHandler],
  providers: [
    { provide: AddonInstanceRepository, useClass: SqlAddonInstanceRepository },
    { provide: EventInbox, useClass: TypeOrmEventInbox },
    { provide: AddonEvents, useClass: OutboxAddonEvents },
    {
      provide: SecretSealer,
      useFactory: (raw: Record<string, unknown>) => new AesGcmSecretSealer(configOf(raw).ADDON_SECRETS_KEYS),
      inject: [SERVICE_CONFIG],
    },
    {
      provide: ClusterKube,
      useFactory: (raw: Record<string, unknown>, connection: NatsConnection) => {
        const config = configOf(raw);
        const source = new NatsClusterCredentialsSource({
          connection,
          sharedKey: config.INTERNAL_SERVICE_KEY,
          pollerId: 'addon',
          timeoutMs: config.CLUSTER_CREDENTIALS_TIMEOUT_MS,
        });
        return new ClusterKube(source);
      },
      inject: [SERVICE_CONFIG, NATS_CONNECTION],
    },
    { provide: BindingProjector, useFactory: (kube: ClusterKube) => new KubeBindingProjector(kube), inject: [ClusterKube] },
    {
      provide: PluginRuntime,
      useFactory: (raw: Record<string, unknown>) => new PluginRuntime({ pool: { size: configOf(raw).ADDON_PLUGIN_WORKERS } }),
      inject: [SERVICE_CONFIG],
    },
    {
      provide: PluginCatalog,
      useFactory: (raw: Record<string, unknown>, nats?: NatsConnection) => {
        const config = configOf(raw);
        const { PLUGIN_REGISTRY_URL, ADDON_PLUGIN_DIR } = config;
        if (!PLUGIN_REGISTRY_URL) return new PluginCatalog(new LocalBundleDefinitionSource(ADDON_PLUGIN_DIR));
        const source = new RegistryDefinitionSource(PLUGIN_REGISTRY_URL, registryFetch(config));
        const catalog = new PluginCatalog(source, nats);
        catalog.start();
        return catalog;
      },
      inject: [SERVICE_CONFIG, { token: NATS_CONNECTION, optional: true }],
    },
    {
      provide: AdminPostgres,
      useFactory: (raw: Record<string, unknown>) => {
        const config = configOf(raw);
        return config.ADDON_POSTGRES_URL ? new AdminPostgres(config.ADDON_POSTGRES_URL, config.ADDON_POSTGRES_PUBLIC_HOST) : undefined;
      },
      inject: [SERVICE_CONFIG],
    },
    {
      provide: AddonPlugins,
      useFactory: (
        raw: Record<string, unknown>,
        catalog: PluginCatalog,
        runtime: PluginRuntime,
        kube: ClusterKube,
        postgres?: AdminPostgres,
      ) => {
        const config = configOf(raw);
        return new RuntimeAddonPlugins(catalog, runtime, {
          kube: kubeCapability(kube),
          ...(postgres ? { postgres } : {}),
          ...(config.ADDON_S3_ENDPOINT ? { s3: new AdminS3(config) } : {}),
          config: new AllowListConfig(config),
        });
      },
      inject: [SERVICE_CONFIG, PluginCatalog, PluginRuntime, ClusterKube, { token: AdminPostgres, optional: true }],
    },
    ProvisionInstance,
    SqlSecretsRotation,
    RecheckInstancesService,
    ApplyAddonInstanceUseCase,
    ReleaseAddonInstanceUseCase,
    ReleaseAppInstanceClaimsUseCase,
    ImportAddonInstanceUseCase,
    ListAddonInstancesUseCase,
    GetAddonInstanceUseCase,
    GrantAddonInstanceUseCase,
  ],
})
export class AddonInstancesModule implements OnModuleDestroy {
  constructor(
    @Inject(PluginRuntime) private readonly runtime: PluginRuntime,
    @Inject(PluginCatalog) private readonly catalog: PluginCatalog,
    @Inject(AdminPostgres) private readonly postgres: AdminPostgres | undefined,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.catalog.stop();
    await this.runtime.close();
    await this.postgres?.close();
  }
}
