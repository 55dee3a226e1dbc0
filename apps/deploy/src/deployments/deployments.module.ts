import { Module } from '@nestjs/common';
import { RunsModule } from '../execution/runs.module.js';
import { InboxModule } from '../inbox/inbox.module.js';
import { PlanModule } from '../plan/plan.module.js';
import { DeploymentAppLookup } from '../execution/inbound/deployment-app.js';
import { DeploymentRepository } from './application/deployment.repository.js';
import { GetDeploymentUseCase } from './application/get-deployment.use-case.js';
import { LaunchByCommandUseCase } from './application/launch-by-command.use-case.js';
import { LaunchDeploymentUseCase } from './application/launch-deployment.use-case.js';
import { ListDeploymentsUseCase } from './application/list-deployments.use-case.js';
import { RecordLaunchUseCase } from './application/record-launch.use-case.js';
import { ReplayDeploymentUseCase } from './application/replay-deployment.use-case.js';
import { UndeployAppInstanceUseCase } from './application/undeploy-app-instance.use-case.js';
import { UndeployByCommandUseCase } from './application/undeploy-by-command.use-case.js';
import { AppInstanceController } from './inbound/app-instance.controller.js';
import { DeploymentController } from './inbound/deployment.controller.js';
import { UndeployAppInstanceHandler } from './inbound/undeploy-app-instance.handler.js';
import { LaunchDeploymentHandler } from './inbound/launch-deployment.handler.js';
import { TypeOrmDeploymentRepository } from './outbound/typeorm-deployment.repository.js';

@Module({
  imports: [PlanModule, RunsModule, InboxModule],
  controllers: [DeploymentController, AppInstanceController, LaunchDeploymentHandler, UndeployAppInstanceHandler],
  providers: [
    { provide: DeploymentRepository, useClass: TypeOrmDeploymentRepository },
    {
      provide: DeploymentAppLookup,
      useFactory: (deployments: DeploymentRepository): DeploymentAppLookup => ({
        appOf: async (id) => (await deployments.findById(id))?.appId,
      }),
      inject: [DeploymentRepository],
    },
    RecordLaunchUseCase,
    LaunchDeploymentUseCase,
    LaunchByCommandUseCase,
    UndeployAppInstanceUseCase,
    UndeployByCommandUseCase,
    GetDeploymentUseCase,
    ListDeploymentsUseCase,
    ReplayDeploymentUseCase,
  ],
})
export class DeploymentsModule {}
