import { CreateAddonReply1764440000000 } from './addons/outbound/migrations/1764440000000-create-addon-reply.migration.js';
import {
  createMessagingMigration,
  currentCorrelationId,
  JetStreamTransport,
  MessagingModule,
  messagingEntities,
} from '@appmanager/messaging';
import type { ServiceDefinition } from '@appmanager/service-host';
import { DataSource } from 'typeorm';
import { DeployModule } from './deploy.module.js';
import { DeploymentEntity } from './deployments/outbound/deployment.entity.js';
import { CreateDeployment1764010000000 } from './deployments/outbound/migrations/1764010000000-create-deployment.migration.js';
import { DeploymentTraceparent1765200000000 } from './deployments/outbound/migrations/1765200000000-deployment-traceparent.migration.js';
import { environmentsConfigSchema } from './environments/environments.config.js';
import { environmentEntities } from './environments/outbound/environment.entities.js';
import { CreateEnvironments1764020000000 } from './environments/outbound/migrations/1764020000000-create-environments.migration.js';
import { AddClusterSensing1764420000000 } from './environments/outbound/migrations/1764420000000-add-cluster-sensing.migration.js';
import { executionConfigSchema } from './execution/application/execution.config.js';
import { CreateDeploymentRuns1764030000000 } from './execution/outbound/migrations/1764030000000-create-deployment-runs.migration.js';
import { DeployStepsAndUndeploy1764050000000 } from './execution/outbound/migrations/1764050000000-deploy-steps-and-undeploy.migration.js';
import { runEntities } from './execution/outbound/run.entities.js';
import { CreatePluginUsages1764040000000 } from './plugin-host/outbound/migrations/1764040000000-create-plugin-usages.migration.js';
import { pluginUsageEntities } from './plugin-host/outbound/plugin-usage.entity.js';
import { pluginHostConfigSchema } from './plugin-host/plugin-host.config.js';
import { renderingConfigSchema } from './rendering/application/rendering.config.js';

const schema = 'deploy';

/** The deploy service: applications, deployments, workflows and environments. */
export const deployService: ServiceDefinition = {
  name: 'deploy',
  description: 'Records and runs deployments of applications onto clusters.',
  rootModule: DeployModule,
  defaultHttpPort: 3002,
  persistence: {
    schema,
    entities: [DeploymentEntity, ...environmentEntities, ...runEntities, ...pluginUsageEntities, ...messagingEntities],
    migrations: [
      createMessagingMigration(schema),
      CreateDeployment1764010000000,
      CreateEnvironments1764020000000,
      CreateDeploymentRuns1764030000000,
      CreatePluginUsages1764040000000,
      DeployStepsAndUndeploy1764050000000,
      AddClusterSensing1764420000000,
      CreateAddonReply1764440000000,
      DeploymentTraceparent1765200000000,
    ],
  },
  // DEPLOY_SECRETS_KEY (cluster credentials at rest), INTERNAL_SERVICE_KEY (answers to the sensor), plug-in source, runner bounds and leases
  configSchema: environmentsConfigSchema
    .extend(pluginHostConfigSchema.shape)
    .extend(executionConfigSchema.shape)
    .extend(renderingConfigSchema.shape),
  // one NATS connection per process: the host opens and closes it, messaging borrows it
  imports: ({ nats, logger }) => [MessagingModule.forRoot({ serviceName: 'deploy', connection: nats, dataSource: DataSource, logger })],
  transport: ({ nats, logger }) => new JetStreamTransport({ connection: nats, logger }),
  correlationSources: [currentCorrelationId],
};
