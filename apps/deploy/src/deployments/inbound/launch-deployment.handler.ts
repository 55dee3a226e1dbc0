import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CloudEvent, consumers, type ContractData, deploymentRejectedEvent, type launchDeploymentCommand } from '@appmanager/contracts';
import { currentCorrelationId, type JetStreamContext, JetStreamEventPattern, Outbox, processOnce } from '@appmanager/messaging';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { DataSource } from 'typeorm';
import { ApplicationInvalidError } from '../../applications/domain/application-invalid.error.js';
import { LaunchDeploymentUseCase } from '../application/launch-deployment.use-case.js';
import { asTransaction } from '../outbound/typeorm-deployment.repository.js';

type Launch = ContractData<typeof launchDeploymentCommand>;

/**
 * deploy.cmd.deployment.launch.v1 → a CREATED deployment, checked as a plan is first. The inbox (processed_event)
 * and the deployment commit in one transaction, so a redelivered or re-published event records once. A launch
 * that cannot run records nothing and answers `deploy.evt.deployment.rejected.v1` with the issues, through the
 * outbox in the inbox's transaction, so the sender learns why exactly once.
 */
@Controller()
export class LaunchDeploymentHandler {
  constructor(
    @Inject(LaunchDeploymentUseCase) private readonly launcher: LaunchDeploymentUseCase,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  @JetStreamEventPattern(consumers.deployLaunchDeployment)
  async handle(@Payload() event: CloudEvent<Launch>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const correlationId = currentCorrelationId() ?? event.correlationid ?? event.id;
    const fields = { eventId: event.id, correlationId, durable: ctx.getDurable(), deliveryCount: ctx.getDeliveryCount() };
    let check;
    try {
      check = await this.launcher.check(event.data);
    } catch (error) {
      if (!(error instanceof ApplicationInvalidError)) throw error;
      const issues = error.problems.map((p) => ({ path: p.path, problem: p.problem }));
      const rejected = await processOnce(this.dataSource, ctx.getDurable(), event.id, (manager) =>
        this.outbox.add(manager, deploymentRejectedEvent, { commandId: event.id, appId: event.data.appId, issues, rejectedAt: new Date().toISOString() }),
      );
      if (rejected.applied) this.logger.warn({ ...fields, issues }, 'launch command rejected: the application cannot run as written');
      return;
    }
    if (check.outcome === 'unchecked') this.logger.warn({ ...fields, reason: check.reason }, 'launch recorded unchecked; the runner validates it once it can');
    const outcome = await processOnce(this.dataSource, ctx.getDurable(), event.id, (manager) =>
      this.launcher.record({ request: event.data, sourceEventId: event.id, correlationId }, check, asTransaction(manager)),
    );
    if (outcome.applied) {
      this.logger.info({ ...fields, deploymentId: outcome.result.deployment.id }, 'launch command recorded a deployment');
    } else {
      this.logger.info(fields, 'launch command already recorded; skipped');
    }
  }
}
