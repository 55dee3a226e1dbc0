import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CloudEvent, consumers, type ContractData, type undeployAppInstanceCommand } from '@appmanager/contracts';
import { currentCorrelationId, type JetStreamContext, JetStreamEventPattern } from '@appmanager/messaging';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { UndeployByCommandUseCase } from '../application/undeploy-by-command.use-case.js';

type Undeploy = ContractData<typeof undeployAppInstanceCommand>;

/** deploy.cmd.app-instance.undeploy.v1 → an undeploy; a refused one is logged with its reason and acknowledged. */
@Controller()
export class UndeployAppInstanceHandler {
  constructor(
    @Inject(UndeployByCommandUseCase) private readonly undeploy: UndeployByCommandUseCase,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  @JetStreamEventPattern(consumers.deployUndeployAppInstance)
  async handle(@Payload() event: CloudEvent<Undeploy>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const correlationId = currentCorrelationId() ?? event.correlationid ?? event.id;
    const fields = { eventId: event.id, correlationId, appId: event.data.appId, stage: event.data.stage };
    const result = await this.undeploy.execute({ ...event.data, sourceEventId: event.id, correlationId }, ctx.getDurable());
    if (result.outcome === 'refused') this.logger.warn({ ...fields, reason: result.reason }, 'undeploy command refused');
    else if (result.applied) this.logger.info({ ...fields, deploymentId: result.deploymentId }, 'undeploy command recorded an undeploy');
  }
}
