import { Inject, Injectable } from '@nestjs/common';
import { ClusterRepository, type Transaction } from './cluster.repository.js';

export interface RegisterClusterInput {
  clusterId: string;
  unitId: string;
  name: string;
  apiServer: string;
  eventId: string;
  occurredAt: Date;
}

/** env.evt.cluster.registered.v1: the cluster joins (or, re-registered, updates) the fleet. */
@Injectable()
export class RegisterClusterUseCase {
  constructor(@Inject(ClusterRepository) private readonly clusters: ClusterRepository) {}

  execute(input: RegisterClusterInput, transaction?: Transaction): Promise<void> {
    return this.clusters.upsert({
      clusterId: input.clusterId,
      unitId: input.unitId,
      name: input.name,
      apiServer: input.apiServer,
      registeredAt: input.occurredAt,
      lastEventId: input.eventId,
    }, transaction);
  }
}
