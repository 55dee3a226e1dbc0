import { Inject, Injectable } from '@nestjs/common';
import { ClusterRepository } from './cluster.repository.js';
import { EventInbox } from './event-inbox.js';

export interface RegisterClusterInput {
  clusterId: string;
  unitId: string;
  name: string;
  apiServer: string;
  sensing: 'poll' | 'watch';
  eventId: string;
  occurredAt: Date;
}

/** env.evt.cluster.registered.v1: the cluster joins (or, re-registered, updates) the fleet; once per event. */
@Injectable()
export class RegisterClusterUseCase {
  constructor(
    @Inject(ClusterRepository) private readonly clusters: ClusterRepository,
    @Inject(EventInbox) private readonly inbox: EventInbox,
  ) {}

  async execute(input: RegisterClusterInput, consumer: string): Promise<{ applied: boolean }> {
    const cluster = {
      clusterId: input.clusterId,
      unitId: input.unitId,
      name: input.name,
      apiServer: input.apiServer,
      sensing: input.sensing,
      registeredAt: input.occurredAt,
      lastEventId: input.eventId,
    };
    const outcome = await this.inbox.once(consumer, input.eventId, (transaction) => this.clusters.upsert(cluster, transaction));
    return { applied: outcome.applied };
  }
}
