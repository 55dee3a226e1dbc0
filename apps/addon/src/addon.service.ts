import {
  createMessagingMigration,
  currentCorrelationId,
  JetStreamTransport,
  MessagingModule,
  messagingEntities,
} from '@appmanager/messaging';
import type { ServiceDefinition } from '@appmanager/service-host';
import { DataSource } from 'typeorm';
import { addonConfigSchema } from './addon.config.js';
import { AddonModule } from './addon.module.js';
import { CreateAddonInstance1764030000000 } from './addon-instances/outbound/migrations/1764030000000-create-addon-instance.migration.js';
import { AddonInstancesClaimsGrants1764600000000 } from './addon-instances/outbound/migrations/1764600000000-addon-instances-claims-grants.migration.js';

const schema = 'addon';

/** The addon service: add-on instances, their claims, sharing across namespaces and their (sealed) outputs. */
export const addonService: ServiceDefinition = {
  name: 'addon',
  description: 'Applies and releases add-on instances and keeps their outputs.',
  rootModule: AddonModule,
  defaultHttpPort: 3003,
  persistence: {
    schema,
    entities: [...messagingEntities],
    migrations: [CreateAddonInstance1764030000000, createMessagingMigration(schema), AddonInstancesClaimsGrants1764600000000],
  },
  configSchema: addonConfigSchema,
  imports: ({ nats, logger }) => [MessagingModule.forRoot({ serviceName: 'addon', connection: nats, dataSource: DataSource, logger })],
  transport: ({ nats, logger }) => new JetStreamTransport({ connection: nats, logger }),
  correlationSources: [currentCorrelationId],
};
