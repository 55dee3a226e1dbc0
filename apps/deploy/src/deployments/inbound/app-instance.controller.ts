import { Controller, Delete, Headers, HttpCode, Inject, Param, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiHeader, ApiNotFoundResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CorrelationContext, ZodValidationPipe, Permission } from '@appmanager/service-host';
import { z } from 'zod';
import { UndeployAppInstanceUseCase } from '../application/undeploy-app-instance.use-case.js';
import { DeploymentErrorsInterceptor } from './deployment-errors.interceptor.js';
import { DeploymentAcceptedView } from './deployment.view.js';

const name = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'expected letters, digits and . _ - (starting with a letter or digit)' });
const instanceParams = z.object({ appId: name, stage: name });
const placeQuery = z.object({ cluster: name.optional(), namespace: name.optional() });
const idempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'expected 1-128 letters, digits or . _ : -' })
  .optional();

/** An application instance: what an application deployed on a stage (AppManager's app instance). */
@ApiTags('applications')
@Controller('applications')
@UseInterceptors(DeploymentErrorsInterceptor)
export class AppInstanceController {
  constructor(@Inject(UndeployAppInstanceUseCase) private readonly undeploy: UndeployAppInstanceUseCase) {}

  @Delete(':appId/instances/:stage')
  @Permission('deployments:delete')
  @HttpCode(202)
  @ApiQuery({ name: 'cluster', required: false, description: 'only what went to this cluster' })
  @ApiQuery({ name: 'namespace', required: false, description: 'only what went to this namespace' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retried DELETE with the same key returns the first undeploy' })
  @ApiAcceptedResponse({
    type: DeploymentAcceptedView,
    description:
      'an undeploy (a deployment of kind undeploy) was recorded: each component of the newest deployment on that stage is destroyed through its plug-in, in reverse dependency order; follow it at GET /v1/deployments/{id}',
  })
  @ApiNotFoundResponse({ description: 'the application has nothing deployed on that stage' })
  @ApiConflictResponse({ description: 'the deployment on that stage is still running or suspended' })
  async remove(
    @Param(new ZodValidationPipe(instanceParams)) { appId, stage }: z.infer<typeof instanceParams>,
    @Query(new ZodValidationPipe(placeQuery)) place: z.infer<typeof placeQuery>,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: { setHeader(name: string, value: string): void },
  ): Promise<DeploymentAcceptedView> {
    const checkedKey = idempotencyKey.parse(key);
    const { deployment, created } = await this.undeploy.execute({
      appId,
      stage,
      ...place,
      sourceEventId: checkedKey === undefined ? null : `http:undeploy:${checkedKey}`,
      correlationId: CorrelationContext.current() ?? CorrelationContext.newId(),
    });
    res.setHeader('Location', `/v1/deployments/${deployment.id}`);
    return { id: deployment.id, state: deployment.state, created };
  }
}
