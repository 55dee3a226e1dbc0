import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CloudEvent, type clusterRegisteredEvent, consumers, type ContractData } from '@appmanager/contracts';
import { type JetStreamContext, JetStreamEventPattern } from '@appmanager/messaging';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { RegisterClusterUseCase } from '../application/register-cluster.use-case.js';

type Registered = ContractData<typeof clusterRegisteredEvent>;

/**
 * env.evt.cluster.registered.v1 → the cluster is in the fleet. Guarded by the inbox, so a
 * registration redelivered after the cluster was removed does not bring it back.
 */
@Controller()
export class ClusterRegisteredHandler {
  constructor(
    @Inject(RegisterClusterUseCase) private readonly registerCluster: RegisterClusterUseCase,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  @JetStreamEventPattern(consumers.sensorClusterRegistered)
  async handle(@Payload() event: CloudEvent<Registered>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const occurredAt = event.time ? new Date(event.time) : new Date();
    const outcome = await this.registerCluster.execute({ ...event.data, eventId: event.id, occurredAt }, ctx.getDurable());
    this.logger.info(
      { eventId: event.id, clusterId: event.data.clusterId, applied: outcome.applied, durable: ctx.getDurable() },
      outcome.applied ? 'cluster registered' : 'cluster registration already applied; skipped',
    );
  }
}
