import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { deploymentTarget } from '@appmanager/contracts';
import { ZodValidationPipe, Permission } from '@appmanager/service-host';
import { z } from 'zod';
import { appPackageChoiceSchema } from '../../app-packages/inbound/app-package-choice.schema.js';
import { ResolveAppPackagesUseCase } from '../../app-packages/application/resolve-app-packages.use-case.js';
import { type DeploymentPlan } from '../application/deployment-plan.js';
import { PlanDeploymentUseCase } from '../application/plan-deployment.use-case.js';
import { unprocessableOnInvalid } from './application-invalid.mapping.js';

const planBody = z.object({
  configuration: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  target: deploymentTarget.optional(),
  appPackage: appPackageChoiceSchema,
});

/** `POST /v1/deployments:plan`: the DAG, its levels and critical path, rendered manifests and the workflow. */
@ApiTags('deployments')
@Controller()
export class PlanController {
  constructor(
    @Inject(PlanDeploymentUseCase) private readonly plan: PlanDeploymentUseCase,
    @Inject(ResolveAppPackagesUseCase) private readonly packages: ResolveAppPackagesUseCase,
  ) {}

  @Post('deployments\\:plan')
  @Permission('deployments:plan')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'the resolved DAG (nodes, edges, levels, critical path), manifests per node and the workflow; no cluster touched',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'each problem with its path: unknown type, schema violation, unproduced data input, cycle, unknown target, a component its app package lacks',
  })
  @ApiServiceUnavailableResponse({ description: 'the plug-in registry or the build service (app packages) cannot answer right now' })
  execute(@Body(new ZodValidationPipe(planBody)) body: z.infer<typeof planBody>): Promise<DeploymentPlan> {
    return unprocessableOnInvalid(async () =>
      this.plan.execute(await this.packages.execute(body.configuration, 'application', body.appPackage), body.target ?? {}),
    );
  }
}
