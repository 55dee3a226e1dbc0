import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CloudEvent, type clusterRemovedEvent, consumers, type ContractData } from '@appmanager/contracts';
import { type JetStreamContext, JetStreamEventPattern, processOnce } from '@appmanager/messaging';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { DataSource } from 'typeorm';
import { RemoveClusterUseCase } from '../application/remove-cluster.use-case.js';
import { asTransaction } from '../outbound/typeorm-cluster.repository.js';

type Removed = ContractData<typeof clusterRemovedEvent>;

/** env.evt.cluster.removed.v1 → the cluster leaves the fleet; removing an absent one is fine. */
@Controller()
export class ClusterRemovedHandler {
  constructor(
    @Inject(RemoveClusterUseCase) private readonly removeCluster: RemoveClusterUseCase,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  @JetStreamEventPattern(consumers.sensorClusterRemoved)
  async handle(@Payload() event: CloudEvent<Removed>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const outcome = await processOnce(this.dataSource, ctx.getDurable(), event.id, (manager) =>
      this.removeCluster.execute(event.data.clusterId, asTransaction(manager)),
    );
    const removed = outcome.applied && outcome.result.removed;
    this.logger.info({ eventId: event.id, clusterId: event.data.clusterId, applied: outcome.applied, removed, durable: ctx.getDurable() }, 'cluster removed');
  }
}
