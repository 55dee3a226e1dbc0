import type { Transaction } from '../../clusters/application/cluster.repository.js';
import type { ComponentInstance, ComponentPlacement } from '../domain/component-instance.js';

export interface ComponentInstanceFilter {
  appId?: string;
  stage?: string;
  cluster?: string;
}

/** Port: the component instances the sensor knows. */
export abstract class ComponentInstanceRepository {
  /** Reads one and holds it until the transaction ends, so two events for it apply one after the other. */
  abstract lockOne(placement: ComponentPlacement, transaction: Transaction): Promise<ComponentInstance | undefined>;
  abstract save(instance: ComponentInstance, transaction: Transaction): Promise<void>;
  abstract remove(placement: ComponentPlacement, transaction: Transaction): Promise<void>;
  abstract list(
    filter: ComponentInstanceFilter,
    page: { limit: number; offset: number },
  ): Promise<{ items: ComponentInstance[]; total: number }>;
}
