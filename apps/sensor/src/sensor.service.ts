import {
  createMessagingMigration,
  currentCorrelationId,
  JetStreamTransport,
  MessagingModule,
  messagingEntities,
} from '@appmanager/messaging';
import type { ServiceDefinition } from '@appmanager/service-host';
import { DataSource } from 'typeorm';
import { ClusterEntity } from './clusters/outbound/cluster.entity.js';
import { CreateCluster1764050000000 } from './clusters/outbound/migrations/1764050000000-create-cluster.migration.js';
import { AddClusterSensing1764420000000 } from './clusters/outbound/migrations/1764420000000-add-cluster-sensing.migration.js';
import { sensorConfigSchema } from './sensor.config.js';
import { ComponentInstanceEntity } from './instances/outbound/component-instance.entity.js';
import { CreateComponentInstance1764340000000 } from './instances/outbound/migrations/1764340000000-create-component-instance.migration.js';
import { SensorModule } from './sensor.module.js';
import { AddSensingState1764400000000 } from './instances/outbound/migrations/1764400000000-add-sensing-state.migration.js';

/** The sensor service: the fleet it watches, the component instances deploy applied, and (later) their state. */
export const sensorService: ServiceDefinition = {
  name: 'sensor',
  description: 'Knows the fleet of clusters and senses the state of what runs on them.',
  rootModule: SensorModule,
  defaultHttpPort: 3005,
  configSchema: sensorConfigSchema,
  persistence: {
    schema: 'sensor',
    entities: [ClusterEntity, ComponentInstanceEntity, ...messagingEntities],
    migrations: [
      createMessagingMigration('sensor'),
      CreateCluster1764050000000,
      CreateComponentInstance1764340000000,
      AddSensingState1764400000000,
      AddClusterSensing1764420000000,
    ],
  },
  // one NATS connection per process: the host opens and closes it, messaging borrows it
  imports: ({ nats, logger }) => [MessagingModule.forRoot({ serviceName: 'sensor', connection: nats, dataSource: DataSource, logger })],
  transport: ({ nats, logger }) => new JetStreamTransport({ connection: nats, logger }),
  correlationSources: [currentCorrelationId],
};
