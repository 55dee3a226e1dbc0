import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CloudEvent, type componentInstanceChangedEvent, consumers, type ContractData } from '@appmanager/contracts';
import { type JetStreamContext, JetStreamEventPattern } from '@appmanager/messaging';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { AggregateAppInstanceUseCase } from '../application/aggregate-app-instance.use-case.js';

type Changed = ContractData<typeof componentInstanceChangedEvent>;

/** state.evt.component-instance.changed.v1 → its app instance aggregated again; api replicas share the durable. */
@Controller()
export class ComponentInstanceChangedHandler {
  constructor(
    @Inject(AggregateAppInstanceUseCase) private readonly aggregate: AggregateAppInstanceUseCase,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  @JetStreamEventPattern(consumers.sensorComponentInstanceChanged)
  async handle(@Payload() event: CloudEvent<Changed>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const { appId, stage, cluster, namespace } = event.data;
    const outcome = await this.aggregate.execute({ appId, stage, cluster, namespace }, { consumer: ctx.getDurable(), eventId: event.id });
    this.logger.info(
      {
        eventId: event.id,
        appId,
        stage,
        cluster,
        namespace,
        component: event.data.component,
        appStatus: outcome.status,
        changed: outcome.changed,
      },
      'app instance aggregated',
    );
  }
}
