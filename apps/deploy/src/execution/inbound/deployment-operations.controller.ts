import { Body, Controller, Get, HttpCode, Inject, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiNotFoundResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ZodValidationPipe, Permission } from '@appmanager/service-host';
import { z } from 'zod';
import { appOfDeployment } from './deployment-app.js';
import { type JsonObject } from '../../applications/domain/application.model.js';
import { DescribeDeploymentUseCase, type DeploymentGraphView } from '../application/describe-deployment.use-case.js';
import { OperateDeploymentUseCase } from '../application/operate-deployment.use-case.js';
import { unprocessableOnInvalid } from '../../plan/inbound/application-invalid.mapping.js';
import { RunErrorsInterceptor } from './run-errors.interceptor.js';

const resumeBody = z.object({ context: z.record(z.string(), z.json()).optional() }).default({});
const terminateBody = z.object({ reason: z.string().min(1).max(500).optional() }).default({});
const retryBody = z.object({ configuration: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional() }).default({});

/** Operations on a deployment and its live graph. Each operation is queued for the replica driving it. */
@ApiTags('deployments')
@ApiNotFoundResponse({ description: 'no such deployment' })
@ApiConflictResponse({ description: 'the operation does not apply to the deployment in its current state' })
@Controller('deployments/:id')
@UseInterceptors(RunErrorsInterceptor)
export class DeploymentOperationsController {
  constructor(
    @Inject(OperateDeploymentUseCase) private readonly operate: OperateDeploymentUseCase,
    @Inject(DescribeDeploymentUseCase) private readonly describe: DescribeDeploymentUseCase,
  ) {}

  @Get('graph')
  @Permission('deployments:read', appOfDeployment)
  graph(@Param('id') id: string): Promise<DeploymentGraphView> {
    return this.describe.execute(id);
  }

  @Post('suspend')
  @Permission('deployments:suspend', appOfDeployment)
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'no new step starts until resumed' })
  suspend(@Param('id') id: string) {
    return this.operate.execute(id, 'suspend');
  }

  @Post('resume')
  @Permission('deployments:resume', appOfDeployment)
  @HttpCode(202)
  resume(@Param('id') id: string, @Body(new ZodValidationPipe(resumeBody)) body: z.infer<typeof resumeBody>) {
    return this.operate.execute(id, 'resume', body.context ? { context: body.context as JsonObject } : {});
  }

  @Post('terminate')
  @Permission('deployments:terminate', appOfDeployment)
  @HttpCode(202)
  terminate(@Param('id') id: string, @Body(new ZodValidationPipe(terminateBody)) body: z.infer<typeof terminateBody>) {
    return this.operate.execute(id, 'terminate', body.reason ? { reason: body.reason } : {});
  }

  @Post('retry')
  @Permission('deployments:retry', appOfDeployment)
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'retries from the failed step; with a configuration, the fixed application replaces the stored one' })
  @ApiUnprocessableEntityResponse({ description: 'the fixed application is invalid; names each path and problem' })
  retry(@Param('id') id: string, @Body(new ZodValidationPipe(retryBody)) body: z.infer<typeof retryBody>) {
    return unprocessableOnInvalid(() =>
      this.operate.execute(id, 'retry', body.configuration !== undefined ? { configuration: body.configuration as JsonObject } : {}),
    );
  }
}
