import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { deploymentTarget } from '@appmanager/contracts';
import { ZodValidationPipe } from '@appmanager/service-host';
import { z } from 'zod';
import { type DeploymentPlan } from '../application/deployment-plan.js';
import { PlanDeploymentUseCase } from '../application/plan-deployment.use-case.js';
import { unprocessableOnInvalid } from './application-invalid.mapping.js';

const planBody = z.object({
  configuration: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  target: deploymentTarget.optional(),
});

/** `POST /v1/deployments:plan`: the DAG, its levels and critical path, rendered manifests and the workflow. */
@ApiTags('deployments')
@Controller()
export class PlanController {
  constructor(@Inject(PlanDeploymentUseCase) private readonly plan: PlanDeploymentUseCase) {}

  @Post('deployments\\:plan')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'the resolved DAG (nodes, edges, levels, critical path), manifests per node and the workflow; no cluster touched',
  })
  @ApiUnprocessableEntityResponse({
    description: 'each problem with its path: unknown type, schema violation, unproduced data input, cycle, unknown target',
  })
  execute(@Body(new ZodValidationPipe(planBody)) body: z.infer<typeof planBody>): Promise<DeploymentPlan> {
    return unprocessableOnInvalid(() => this.plan.execute(body.configuration, body.target ?? {}));
  }
}
