import { Module } from '@nestjs/common';
import { runService } from '@appmanager/service-host';
import { executionConfigSchema } from '../execution/application/execution.config.js';
import { ExecutionModule } from '../execution/execution.module.js';
import { CreateDeploymentRuns1764030000000 } from '../execution/outbound/migrations/1764030000000-create-deployment-runs.migration.js';
import { runEntities } from '../execution/outbound/run.entities.js';
import { testServiceDefinition } from './test-service.js';

@Module({ imports: [ExecutionModule] })
class ExecutionServiceRoot {}

// The deploy service as a real process, for the kill -9 test (config from the environment, as in production).
await runService(testServiceDefinition(ExecutionServiceRoot, { entities: runEntities, migrations: [CreateDeploymentRuns1764030000000], configSchema: executionConfigSchema }));
