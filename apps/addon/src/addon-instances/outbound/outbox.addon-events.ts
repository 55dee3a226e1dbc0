import { Inject, Injectable } from '@nestjs/common';
import { addonInstanceFailedEvent, addonInstanceReadyEvent, addonInstanceReleasedEvent, type ContractData } from '@appmanager/contracts';
import { Outbox, processOnce } from '@appmanager/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import type { Transaction } from '../application/addon-instance.repository.js';
import type { AddonEvents, EventInbox, InboxOutcome } from '../application/addon.ports.js';

const em = (tx: Transaction) => tx as unknown as EntityManager;

/** Answers and announcements through the outbox, in the caller's transaction. */
@Injectable()
export class OutboxAddonEvents implements AddonEvents {
  constructor(@Inject(Outbox) private readonly outbox: Outbox) {}

  async ready(tx: Transaction, data: ContractData<typeof addonInstanceReadyEvent>): Promise<void> {
    await this.outbox.add(em(tx), addonInstanceReadyEvent, data);
  }

  async failed(tx: Transaction, data: ContractData<typeof addonInstanceFailedEvent>): Promise<void> {
    await this.outbox.add(em(tx), addonInstanceFailedEvent, data);
  }

  async released(tx: Transaction, data: ContractData<typeof addonInstanceReleasedEvent>): Promise<void> {
    await this.outbox.add(em(tx), addonInstanceReleasedEvent, data);
  }
}

/** The inbox as libs/messaging keeps it (processed_event). */
@Injectable()
export class TypeOrmEventInbox implements EventInbox {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  once<T>(consumer: string, eventId: string, work: (transaction: Transaction) => Promise<T>): Promise<InboxOutcome<T>> {
    return processOnce(this.dataSource, consumer, eventId, (manager) => work(manager as unknown as Transaction));
  }
}
