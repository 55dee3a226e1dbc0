import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CloudEvent, type componentRemovedEvent, consumers, type ContractData } from '@appmanager/contracts';
import { type JetStreamContext, JetStreamEventPattern } from '@appmanager/messaging';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { RecordComponentRemovedUseCase } from '../application/record-component-removed.use-case.js';

type Removed = ContractData<typeof componentRemovedEvent>;

/** deploy.evt.component.removed.v1 → the node's objects leave the inventory, once (inbox). */
@Controller()
export class ComponentRemovedHandler {
  constructor(
    @Inject(RecordComponentRemovedUseCase) private readonly recordRemoved: RecordComponentRemovedUseCase,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  @JetStreamEventPattern(consumers.sensorComponentRemoved)
  async handle(@Payload() event: CloudEvent<Removed>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const { data } = event;
    const outcome = await this.recordRemoved.execute(
      {
        appId: data.appId,
        stage: data.stage ?? '',
        cluster: data.cluster,
        namespace: data.namespace,
        component: data.component,
        node: data.node,
        removedAt: new Date(data.removedAt),
      },
      { consumer: ctx.getDurable(), eventId: event.id },
    );
    this.logger.info(
      { eventId: event.id, appId: data.appId, cluster: data.cluster, node: data.node, applied: outcome.applied, durable: ctx.getDurable() },
      outcome.applied ? 'component node removed: inventory updated' : 'component removed event already recorded; skipped',
    );
  }
}
