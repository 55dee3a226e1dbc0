import { Inject, Injectable } from '@nestjs/common';
import { ClusterRepository } from './cluster.repository.js';
import { EventInbox } from './event-inbox.js';

/** env.evt.cluster.removed.v1: the cluster leaves the fleet, once per event; removing it twice is harmless. */
@Injectable()
export class RemoveClusterUseCase {
  constructor(
    @Inject(ClusterRepository) private readonly clusters: ClusterRepository,
    @Inject(EventInbox) private readonly inbox: EventInbox,
  ) {}

  async execute(clusterId: string, event: { eventId: string; consumer: string }): Promise<{ applied: boolean; removed: boolean }> {
    const outcome = await this.inbox.once(event.consumer, event.eventId, (transaction) => this.clusters.remove(clusterId, transaction));
    return { applied: outcome.applied, removed: outcome.applied && outcome.result };
  }
}
