import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { launchDeploymentCommand } from '@appmanager/contracts';
import {
  ApiPageQuery,
  CorrelationContext,
  openApiSchemaOf,
  pageQuerySchema,
  pageViewOf,
  ZodValidationPipe,
  Permission,
  appFromBody,
} from '@appmanager/service-host';
import { z } from 'zod';
import { appOfDeployment } from '../../execution/inbound/deployment-app.js';
import { appPackageChoiceSchema } from '../../app-packages/inbound/app-package-choice.schema.js';
import { ResolveAppPackagesUseCase } from '../../app-packages/application/resolve-app-packages.use-case.js';
import { type DeploymentPlan } from '../../plan/application/deployment-plan.js';
import { PlanDeploymentUseCase } from '../../plan/application/plan-deployment.use-case.js';
import { unprocessableOnInvalid } from '../../plan/inbound/application-invalid.mapping.js';
import { deploymentStates } from '../domain/deployment.js';
import { GetDeploymentUseCase } from '../application/get-deployment.use-case.js';
import { ListDeploymentsUseCase } from '../application/list-deployments.use-case.js';
import { LaunchDeploymentUseCase } from '../application/launch-deployment.use-case.js';
import { ReplayDeploymentUseCase } from '../application/replay-deployment.use-case.js';
import { DeploymentErrorsInterceptor } from './deployment-errors.interceptor.js';
import { DeploymentAcceptedView, DeploymentPageView, DeploymentView } from './deployment.view.js';

/** The launch command, and over HTTP which app package to take packaged components from (annotations win). */
const launchBody = launchDeploymentCommand.schema.extend({ appPackage: appPackageChoiceSchema });
type LaunchBody = z.infer<typeof launchBody>;

const listQuerySchema = pageQuerySchema.extend({
  appId: z.string().min(1).max(128).optional(),
  state: z.enum(deploymentStates).optional(),
});

const dryRunSchema = z.object({ dryRun: z.enum(['true', 'false']).default('false') });

const launchHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'expected 1-128 letters, digits or . _ : -' })
    .optional(),
});

@ApiTags('deployments')
@Controller('deployments')
@UseInterceptors(DeploymentErrorsInterceptor)
export class DeploymentController {
  constructor(
    @Inject(LaunchDeploymentUseCase) private readonly launcher: LaunchDeploymentUseCase,
    @Inject(GetDeploymentUseCase) private readonly getDeployment: GetDeploymentUseCase,
    @Inject(ListDeploymentsUseCase) private readonly listDeployments: ListDeploymentsUseCase,
    @Inject(PlanDeploymentUseCase) private readonly plan: PlanDeploymentUseCase,
    @Inject(ReplayDeploymentUseCase) private readonly replayDeployment: ReplayDeploymentUseCase,
    @Inject(ResolveAppPackagesUseCase) private readonly packages: ResolveAppPackagesUseCase,
  ) {}

  @Post()
  @Permission('deployments:launch', appFromBody)
  @HttpCode(202)
  @ApiBody({ schema: openApiSchemaOf(launchBody), description: 'the data of deploy.cmd.deployment.launch.v1, and appPackage' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retried POST with the same key returns the first deployment' })
  @ApiAcceptedResponse({ type: DeploymentAcceptedView, description: 'checked as a plan is, then recorded as CREATED' })
  @ApiQuery({
    name: 'dryRun',
    required: false,
    schema: { type: 'boolean', default: false },
    description: 'true: answer the plan (as POST /v1/deployments:plan) and deploy nothing',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'the body does not match the launch command, or the application cannot run as written (what a plan refuses); names each path and problem, and records nothing',
  })
  async launch(
    @Body(new ZodValidationPipe(launchBody)) body: LaunchBody,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Query(new ZodValidationPipe(dryRunSchema)) query: z.infer<typeof dryRunSchema>,
    @Res({ passthrough: true }) res: { setHeader(name: string, value: string): void; status(code: number): unknown },
  ): Promise<DeploymentAcceptedView | DeploymentPlan> {
    if (query.dryRun === 'true') {
      res.status(200);
      return unprocessableOnInvalid(async () =>
        this.plan.execute(await this.packages.execute(body.configuration, body.appId, body.appPackage), body.target ?? {}),
      );
    }
    const key = launchHeadersSchema.parse({ 'idempotency-key': idempotencyKey })['idempotency-key'];
    const check = await unprocessableOnInvalid(() => this.launcher.check(body));
    const { deployment, created } = await this.launcher.record(
      {
        request: body,
        sourceEventId: key === undefined ? null : `http:${key}`,
        correlationId: CorrelationContext.current() ?? CorrelationContext.newId(),
      },
      check,
    );
    res.setHeader('Location', `/v1/deployments/${deployment.id}`);
    return { id: deployment.id, state: deployment.state, created };
  }

  @Get()
  @Permission('deployments:read', undefined, { listsApps: true })
  @ApiPageQuery()
  @ApiQuery({ name: 'appId', required: false, schema: { type: 'string' } })
  @ApiQuery({ name: 'state', required: false, schema: { enum: [...deploymentStates] } })
  @ApiOkResponse({ type: DeploymentPageView, description: 'newest first' })
  async list(@Query(new ZodValidationPipe(listQuerySchema)) page: z.infer<typeof listQuerySchema>): Promise<DeploymentPageView> {
    const result = await this.listDeployments.execute(page);
    return pageViewOf(result, (deployment) => DeploymentView.of(deployment));
  }

  @Get(':id')
  @Permission('deployments:read', appOfDeployment)
  @ApiOkResponse({ type: DeploymentView, description: 'with the reason of its state and the state of each node once a runner took it up' })
  @ApiNotFoundResponse({ description: 'no deployment with this id' })
  async get(@Param('id') id: string): Promise<DeploymentView> {
    const { deployment, run } = await this.getDeployment.execute(id);
    const view = DeploymentView.of(deployment);
    if (!run) return view;
    return Object.assign(view, {
      reason: run.reason,
      nodes: run.nodes.map((n) => ({
        id: n.id,
        step: n.step,
        kind: n.kind,
        state: n.state,
        reason: n.reason,
        startedAt: n.startedAt,
        finishedAt: n.finishedAt,
      })),
    });
  }

  @Post(':id/replay')
  @Permission('deployments:replay', appOfDeployment)
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'a new deployment from the stored configuration and target' })
  @ApiNotFoundResponse({ description: 'no such deployment, or no runner took it up yet' })
  @ApiConflictResponse({ description: 'an undeploy cannot be replayed' })
  replay(@Param('id') id: string): Promise<{ id: string; replayOf: string }> {
    return this.replayDeployment.execute(id, CorrelationContext.current() ?? CorrelationContext.newId());
  }
}
