import { Inject, Injectable } from '@nestjs/common';
import { appInstanceChangedEvent, type ContractData } from '@appmanager/contracts';
import { Outbox } from '@appmanager/messaging';
import type { EntityManager } from 'typeorm';
import { EventInbox } from '../../clusters/application/event-inbox.js';
import {
  aggregateAppInstanceStatus,
  type AppInstanceStatus,
  type ComponentInstanceStatus,
} from '../../instances/domain/instance-status.js';
import { type AppInstanceKey, AppInstanceStore } from './app-instance.store.js';

/**
 * A component instance changed: its app instance's status is aggregated again by AppManager's rule over every
 * component instance it has now, and a changed status is written with its history and published, once per event
 * (the inbox), whichever api replica got it.
 */
@Injectable()
export class AggregateAppInstanceUseCase {
  constructor(
    @Inject(AppInstanceStore) private readonly store: AppInstanceStore,
    @Inject(EventInbox) private readonly inbox: EventInbox,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  async execute(
    key: AppInstanceKey,
    event: { consumer: string; eventId: string },
  ): Promise<{ status: AppInstanceStatus; changed: boolean }> {
    const outcome = await this.inbox.once(event.consumer, event.eventId, async (transaction) => {
      const { current, components } = await this.store.lockForAggregation(key, transaction);
      const now = new Date();
      const status = aggregateAppInstanceStatus({
        componentStatuses: Object.values(components),
        createdAt: current?.createdAt ?? now,
        now,
      });
      // a new app instance starts PENDING: only a status other than that is news
      const changed = (current?.status ?? 'PENDING') !== status;
      await this.store.save(
        { ...key, status, components, createdAt: current?.createdAt ?? now, updatedAt: now },
        current?.status,
        transaction,
      );
      if (changed) {
        const data: ContractData<typeof appInstanceChangedEvent> = {
          ...key,
          status,
          previousStatus: current?.status ?? 'PENDING',
          components: components as Record<string, ComponentInstanceStatus>,
          changedAt: now.toISOString(),
        };
        await this.outbox.add(transaction as unknown as EntityManager, appInstanceChangedEvent, data);
      }
      return { status, changed };
    });
    return outcome.applied ? outcome.result : { status: 'UNKNOWN', changed: false };
  }
}
