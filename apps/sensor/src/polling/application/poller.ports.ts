import type { ContractData, MessageContract } from '@appmanager/contracts';
import type { KindRef } from '../outbound/kube-list.transport.js';

/** Port: what a poller reads of the sensor's store, and how it announces reachability. */
export abstract class PollerInventory {
  /** The unit's clusters and how each is to be sensed. */
  abstract clustersOfUnit(unitId: string): Promise<{ clusterId: string; sensing: 'poll' | 'watch' }[]>;
  /** The kinds of objects deploy applied on each cluster (what to LIST there). */
  abstract kindsOf(clusterIds: readonly string[]): Promise<Map<string, KindRef[]>>;
  abstract announce<C extends MessageContract>(contract: C, data: ContractData<C>): Promise<void>;
}
