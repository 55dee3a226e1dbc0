import { Inject, Injectable } from '@nestjs/common';
import { processOnce } from '@appmanager/messaging';
import { DataSource } from 'typeorm';
import { type Transaction } from '../application/cluster.repository.js';
import { type EventInbox, type InboxOutcome } from '../application/event-inbox.js';

/** The inbox as libs/messaging keeps it (processed_event), its Transaction the TypeORM EntityManager of that transaction. */
@Injectable()
export class TypeOrmEventInbox implements EventInbox {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  once<T>(consumer: string, eventId: string, work: (transaction: Transaction) => Promise<T>): Promise<InboxOutcome<T>> {
    return processOnce(this.dataSource, consumer, eventId, (manager) => work(manager as unknown as Transaction));
  }
}
