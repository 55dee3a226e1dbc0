import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CloudEvent, consumers, type ContractData, type launchDeploymentCommand } from '@appmanager/contracts';
import { currentCorrelationId, type JetStreamContext, JetStreamEventPattern } from '@appmanager/messaging';
import { AuditTrail, commandAudit, SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { AppPackageUnavailableError } from '../../app-packages/application/app-package.source.js';
import { LaunchByCommandUseCase } from '../application/launch-by-command.use-case.js';

type Launch = ContractData<typeof launchDeploymentCommand>;

/**
 * deploy.cmd.deployment.launch.v1 → a CREATED deployment, or `deploy.evt.deployment.rejected.v1` naming the issues;
 * with the build service away (its app package unresolved), the delivery fails and JetStream redelivers it later.
 */
@Controller()
export class LaunchDeploymentHandler {
  constructor(
    @Inject(LaunchByCommandUseCase) private readonly launch: LaunchByCommandUseCase,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
  ) {}

  @JetStreamEventPattern(consumers.deployLaunchDeployment)
  async handle(@Payload() event: CloudEvent<Launch>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const correlationId = currentCorrelationId() ?? event.correlationid ?? event.id;
    const fields = { eventId: event.id, correlationId, durable: ctx.getDurable(), deliveryCount: ctx.getDeliveryCount() };
    const result = await this.launch
      .execute({ request: event.data, eventId: event.id, consumer: ctx.getDurable(), correlationId })
      .catch((error: unknown) => {
        // the command is not lost: failing the delivery has JetStream redeliver it after the consumer's backoff
        if (error instanceof AppPackageUnavailableError)
          this.logger.warn(
            { ...fields, reason: error.message },
            'launch command kept for redelivery: its app package cannot be resolved now',
          );
        throw error;
      });
    if (result.applied) {
      const rejected = result.outcome === 'rejected' ? result.issues.map((issue) => `${issue.path}: ${issue.problem}`).join('; ') : null;
      await this.audit.record(commandAudit(event, 'deployments:launch', event.data.appId, correlationId, rejected));
    }
    if (result.outcome === 'rejected') {
      if (result.applied)
        this.logger.warn({ ...fields, issues: result.issues }, 'launch command rejected: the application cannot run as written');
      return;
    }
    if (result.uncheckedReason !== undefined)
      this.logger.warn({ ...fields, reason: result.uncheckedReason }, 'launch recorded unchecked; the runner validates it once it can');
    if (result.applied) this.logger.info({ ...fields, deploymentId: result.deploymentId }, 'launch command recorded a deployment');
    else this.logger.info(fields, 'launch command already recorded; skipped');
  }
}
