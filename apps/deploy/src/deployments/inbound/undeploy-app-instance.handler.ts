import { Controller, HttpException, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CloudEvent, consumers, type ContractData, type undeployAppInstanceCommand } from '@appmanager/contracts';
import { currentCorrelationId, type JetStreamContext, JetStreamEventPattern, processOnce } from '@appmanager/messaging';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { DataSource } from 'typeorm';
import { UndeployAppInstanceUseCase } from '../application/undeploy-app-instance.use-case.js';
import { asTransaction } from '../outbound/typeorm-deployment.repository.js';

type Undeploy = ContractData<typeof undeployAppInstanceCommand>;

/**
 * deploy.cmd.app-instance.undeploy.v1 → an undeploy, recorded once per CloudEvent (inbox and record in one
 * transaction). A request that cannot be carried out (nothing on that stage, a deployment still running) is
 * logged with its reason and acknowledged: retrying it would not change the answer.
 */
@Controller()
export class UndeployAppInstanceHandler {
  constructor(
    @Inject(UndeployAppInstanceUseCase) private readonly undeploy: UndeployAppInstanceUseCase,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  @JetStreamEventPattern(consumers.deployUndeployAppInstance)
  async handle(@Payload() event: CloudEvent<Undeploy>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const correlationId = currentCorrelationId() ?? event.correlationid ?? event.id;
    const fields = { eventId: event.id, correlationId, appId: event.data.appId, stage: event.data.stage };
    try {
      const outcome = await processOnce(this.dataSource, ctx.getDurable(), event.id, (manager) =>
        this.undeploy.execute({ ...event.data, sourceEventId: event.id, correlationId }, asTransaction(manager)),
      );
      if (outcome.applied) this.logger.info({ ...fields, deploymentId: outcome.result.deployment.id }, 'undeploy command recorded an undeploy');
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      this.logger.warn({ ...fields, reason: error.message }, 'undeploy command refused');
    }
  }
}
