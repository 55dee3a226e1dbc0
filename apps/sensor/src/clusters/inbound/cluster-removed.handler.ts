import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CloudEvent, type clusterRemovedEvent, consumers, type ContractData } from '@appmanager/contracts';
import { type JetStreamContext, JetStreamEventPattern } from '@appmanager/messaging';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { RemoveClusterUseCase } from '../application/remove-cluster.use-case.js';

type Removed = ContractData<typeof clusterRemovedEvent>;

/** env.evt.cluster.removed.v1 → the cluster leaves the fleet; removing an absent one is fine. */
@Controller()
export class ClusterRemovedHandler {
  constructor(
    @Inject(RemoveClusterUseCase) private readonly removeCluster: RemoveClusterUseCase,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  @JetStreamEventPattern(consumers.sensorClusterRemoved)
  async handle(@Payload() event: CloudEvent<Removed>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const { applied, removed } = await this.removeCluster.execute(event.data.clusterId, { eventId: event.id, consumer: ctx.getDurable() });
    this.logger.info(
      { eventId: event.id, clusterId: event.data.clusterId, applied, removed, durable: ctx.getDurable() },
      'cluster removed',
    );
  }
}
