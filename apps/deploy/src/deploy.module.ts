import { Module } from '@nestjs/common';
import { DeploymentsModule } from './deployments/deployments.module.js';
import { EnvironmentsModule } from './environments/environments.module.js';
import { ExecutionModule } from './execution/execution.module.js';
import { PlanModule } from './plan/plan.module.js';

@Module({ imports: [DeploymentsModule, EnvironmentsModule, PlanModule, ExecutionModule] })
export class DeployModule {}
