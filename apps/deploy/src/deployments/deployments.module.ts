import { Module } from '@nestjs/common';
import { RunsModule } from '../execution/runs.module.js';
import { PlanModule } from '../plan/plan.module.js';
import { DeploymentRepository } from './application/deployment.repository.js';
import { GetDeploymentUseCase } from './application/get-deployment.use-case.js';
import { LaunchDeploymentUseCase } from './application/launch-deployment.use-case.js';
import { ListDeploymentsUseCase } from './application/list-deployments.use-case.js';
import { RecordLaunchUseCase } from './application/record-launch.use-case.js';
import { DeploymentController } from './inbound/deployment.controller.js';
import { LaunchDeploymentHandler } from './inbound/launch-deployment.handler.js';
import { TypeOrmDeploymentRepository } from './outbound/typeorm-deployment.repository.js';

@Module({
  imports: [PlanModule, RunsModule],
  controllers: [DeploymentController, LaunchDeploymentHandler],
  providers: [
    { provide: DeploymentRepository, useClass: TypeOrmDeploymentRepository },
    RecordLaunchUseCase,
    LaunchDeploymentUseCase,
    GetDeploymentUseCase,
    ListDeploymentsUseCase,
  ],
  exports: [RecordLaunchUseCase],
})
export class DeploymentsModule {}
