import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CloudEvent, consumers, type ContractData, type launchDeploymentCommand } from '@appmanager/contracts';
import { currentCorrelationId, type JetStreamContext, JetStreamEventPattern, processOnce } from '@appmanager/messaging';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { DataSource } from 'typeorm';
import { RecordLaunchUseCase } from '../application/record-launch.use-case.js';
import { asTransaction } from '../outbound/typeorm-deployment.repository.js';

type Launch = ContractData<typeof launchDeploymentCommand>;

/**
 * deploy.cmd.deployment.launch.v1 → a CREATED deployment. The inbox (processed_event) and the
 * deployment commit in one transaction, so a redelivered or re-published event records once.
 */
@Controller()
export class LaunchDeploymentHandler {
  constructor(
    @Inject(RecordLaunchUseCase) private readonly recordLaunch: RecordLaunchUseCase,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  @JetStreamEventPattern(consumers.deployLaunchDeployment)
  async handle(@Payload() event: CloudEvent<Launch>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const correlationId = currentCorrelationId() ?? event.correlationid ?? event.id;
    const outcome = await processOnce(this.dataSource, ctx.getDurable(), event.id, (manager) =>
      this.recordLaunch.execute({ request: event.data, sourceEventId: event.id, correlationId }, asTransaction(manager)),
    );
    const fields = { eventId: event.id, correlationId, durable: ctx.getDurable(), deliveryCount: ctx.getDeliveryCount() };
    if (outcome.applied) {
      this.logger.info({ ...fields, deploymentId: outcome.result.deployment.id }, 'launch command recorded a deployment');
    } else {
      this.logger.info(fields, 'launch command already recorded; skipped');
    }
  }
}
