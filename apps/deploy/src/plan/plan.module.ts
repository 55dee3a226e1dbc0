import { Module } from '@nestjs/common';
import { AppPackagesModule } from '../app-packages/app-packages.module.js';
import { EnvironmentsModule } from '../environments/environments.module.js';
import { PluginHostModule } from '../plugin-host/plugin-host.module.js';
import { ComponentRenderer } from '../rendering/application/component.renderer.js';
import { DeployStepResolver } from '../rendering/application/deploy-step.resolver.js';
import { PolicyApplier } from '../rendering/application/policy.applier.js';
import { PlanDeploymentUseCase } from './application/plan-deployment.use-case.js';
import { ValidateApplicationUseCase } from './application/validate-application.use-case.js';
import { PlanController } from './inbound/plan.controller.js';

@Module({
  imports: [EnvironmentsModule, PluginHostModule, AppPackagesModule],
  controllers: [PlanController],
  providers: [ComponentRenderer, PolicyApplier, DeployStepResolver, ValidateApplicationUseCase, PlanDeploymentUseCase],
  exports: [
    ComponentRenderer,
    PolicyApplier,
    DeployStepResolver,
    ValidateApplicationUseCase,
    PlanDeploymentUseCase,
    PluginHostModule,
    EnvironmentsModule,
    AppPackagesModule,
  ],
})
export class PlanModule {}
