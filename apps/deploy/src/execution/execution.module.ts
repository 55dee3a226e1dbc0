import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@appmanager/service-host';
import { InboxModule } from '../inbox/inbox.module.js';
import { PlanModule } from '../plan/plan.module.js';
import { PluginHostModule } from '../plugin-host/plugin-host.module.js';
import { ApplicationHistory } from './application/application-history.js';
import { DagExecutor } from './application/dag.executor.js';
import { DeploymentMetrics } from './application/deployment.metrics.js';
import { DeploymentRunner } from './application/deployment.runner.js';
import { EXECUTION_CONFIG, executionConfigSchema } from './application/execution.config.js';
import { KubeGateways } from './application/kube.gateways.js';
import { NodeExecutor } from './application/node.executor.js';
import { AddonNodeRunner } from './application/addon-node.js';
import { AddonsModule } from '../addons/addons.module.js';
import { OperateDeploymentUseCase } from './application/operate-deployment.use-case.js';
import { ResumeByCommandUseCase } from './application/resume-by-command.use-case.js';
import { RunWakeups } from './application/run-wakeups.js';
import { StepExecutor } from './application/step.executor.js';
import { UndeployExecutor } from './application/undeploy.executor.js';
import { ApplicationController } from './inbound/application.controller.js';
import { DeploymentOperationsController } from './inbound/deployment-operations.controller.js';
import { ResumeDeploymentHandler } from './inbound/resume-deployment.handler.js';
import { ClusterKubeGateways } from './outbound/cluster-kube.gateways.js';
import { SqlApplicationHistory } from './outbound/sql-application.history.js';
import { PgRunWakeups } from './outbound/pg-run.wakeups.js';
import { PromDeploymentMetrics } from './outbound/prom-deployment.metrics.js';
import { RunsModule } from './runs.module.js';

/** Runs deployments: the workflow engine and the component DAG, leased per replica and durable across crashes. */
@Module({
  imports: [PlanModule, RunsModule, PluginHostModule, InboxModule, AddonsModule],
  controllers: [DeploymentOperationsController, ApplicationController, ResumeDeploymentHandler],
  providers: [
    {
      provide: EXECUTION_CONFIG,
      useFactory: (config: Record<string, unknown>) => executionConfigSchema.parse(config),
      inject: [SERVICE_CONFIG],
    },
    { provide: RunWakeups, useClass: PgRunWakeups },
    { provide: KubeGateways, useClass: ClusterKubeGateways },
    { provide: ApplicationHistory, useClass: SqlApplicationHistory },
    { provide: DeploymentMetrics, useClass: PromDeploymentMetrics },
    NodeExecutor,
    AddonNodeRunner,
    DagExecutor,
    StepExecutor,
    UndeployExecutor,
    DeploymentRunner,
    OperateDeploymentUseCase,
    ResumeByCommandUseCase,
  ],
})
export class ExecutionModule {}
