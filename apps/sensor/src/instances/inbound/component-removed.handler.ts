import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CloudEvent, type componentRemovedEvent, consumers, type ContractData } from '@appmanager/contracts';
import { type JetStreamContext, JetStreamEventPattern, processOnce } from '@appmanager/messaging';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { DataSource } from 'typeorm';
import { asTransaction } from '../../clusters/outbound/typeorm-cluster.repository.js';
import { RecordComponentRemovedUseCase } from '../application/record-component-removed.use-case.js';

type Removed = ContractData<typeof componentRemovedEvent>;

/** deploy.evt.component.removed.v1 → the node's objects leave the inventory, once (inbox). */
@Controller()
export class ComponentRemovedHandler {
  constructor(
    @Inject(RecordComponentRemovedUseCase) private readonly recordRemoved: RecordComponentRemovedUseCase,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  @JetStreamEventPattern(consumers.sensorComponentRemoved)
  async handle(@Payload() event: CloudEvent<Removed>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const { data } = event;
    const outcome = await processOnce(this.dataSource, ctx.getDurable(), event.id, (manager) =>
      this.recordRemoved.execute(
        {
          appId: data.appId, stage: data.stage ?? '', cluster: data.cluster, namespace: data.namespace, component: data.component,
          node: data.node, removedAt: new Date(data.removedAt),
        },
        asTransaction(manager),
      ),
    );
    this.logger.info(
      { eventId: event.id, appId: data.appId, cluster: data.cluster, node: data.node, applied: outcome.applied, durable: ctx.getDurable() },
      outcome.applied ? 'component node removed: inventory updated' : 'component removed event already recorded; skipped',
    );
  }
}
