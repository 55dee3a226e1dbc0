import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { launchDeploymentCommand } from '@appmanager/contracts';
import { CorrelationContext, openApiSchemaOf, type PageQuery, pageQuerySchema, ZodValidationPipe } from '@appmanager/service-host';
import { z } from 'zod';
import { GetDeploymentUseCase } from '../application/get-deployment.use-case.js';
import { ListDeploymentsUseCase } from '../application/list-deployments.use-case.js';
import { RecordLaunchUseCase } from '../application/record-launch.use-case.js';
import { DeploymentAcceptedView, DeploymentPageView, DeploymentView } from './deployment.view.js';

type LaunchBody = z.infer<typeof launchDeploymentCommand.schema>;

const launchHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'expected 1-128 letters, digits or . _ : -' })
    .optional(),
});

@ApiTags('deployments')
@Controller('deployments')
export class DeploymentController {
  constructor(
    @Inject(RecordLaunchUseCase) private readonly recordLaunch: RecordLaunchUseCase,
    @Inject(GetDeploymentUseCase) private readonly getDeployment: GetDeploymentUseCase,
    @Inject(ListDeploymentsUseCase) private readonly listDeployments: ListDeploymentsUseCase,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiBody({ schema: openApiSchemaOf(launchDeploymentCommand.schema), description: 'the data of deploy.cmd.deployment.launch.v1' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retried POST with the same key returns the first deployment' })
  @ApiAcceptedResponse({ type: DeploymentAcceptedView, description: 'recorded as CREATED' })
  @ApiUnprocessableEntityResponse({ description: 'the body does not match the launch command; names the field' })
  async launch(
    @Body(new ZodValidationPipe(launchDeploymentCommand.schema)) body: LaunchBody,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: { setHeader(name: string, value: string): void },
  ): Promise<DeploymentAcceptedView> {
    const key = launchHeadersSchema.parse({ 'idempotency-key': idempotencyKey })['idempotency-key'];
    const { deployment, created } = await this.recordLaunch.execute({
      request: body,
      sourceEventId: key === undefined ? null : `http:${key}`,
      correlationId: CorrelationContext.current() ?? CorrelationContext.newId(),
    });
    res.setHeader('Location', `/v1/deployments/${deployment.id}`);
    return { id: deployment.id, state: deployment.state, created };
  }

  @Get()
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  @ApiOkResponse({ type: DeploymentPageView, description: 'newest first' })
  async list(@Query(new ZodValidationPipe(pageQuerySchema)) page: PageQuery): Promise<DeploymentPageView> {
    const result = await this.listDeployments.execute(page);
    return { ...result, items: result.items.map((deployment) => DeploymentView.of(deployment)) };
  }

  @Get(':id')
  @ApiOkResponse({ type: DeploymentView })
  @ApiNotFoundResponse({ description: 'no deployment with this id' })
  async get(@Param('id') id: string): Promise<DeploymentView> {
    return DeploymentView.of(await this.getDeployment.execute(id));
  }
}
