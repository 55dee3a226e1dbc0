import { createMessagingMigration, currentCorrelationId, JetStreamTransport, MessagingModule, messagingEntities } from '@appmanager/messaging';
import type { ServiceDefinition } from '@appmanager/service-host';
import { DataSource } from 'typeorm';
import { DeployModule } from './deploy.module.js';
import { DeploymentEntity } from './deployments/outbound/deployment.entity.js';
import { CreateDeployment1764010000000 } from './deployments/outbound/migrations/1764010000000-create-deployment.migration.js';

const schema = 'deploy';

/** The deploy service: applications, deployments, workflows and environments. */
export const deployService: ServiceDefinition = {
  name: 'deploy',
  description: 'Records and runs deployments of applications onto clusters.',
  rootModule: DeployModule,
  defaultHttpPort: 3002,
  persistence: {
    schema,
    entities: [DeploymentEntity, ...messagingEntities],
    migrations: [createMessagingMigration(schema), CreateDeployment1764010000000],
  },
  // one NATS connection per process: the host opens and closes it, messaging borrows it
  imports: ({ nats, logger }) => [MessagingModule.forRoot({ serviceName: 'deploy', connection: nats, dataSource: DataSource, logger })],
  transport: ({ nats, logger }) => new JetStreamTransport({ connection: nats, logger }),
  correlationSources: [currentCorrelationId],
};
