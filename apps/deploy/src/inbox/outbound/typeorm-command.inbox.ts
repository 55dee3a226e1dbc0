import { Inject, Injectable } from '@nestjs/common';
import { type ContractData, type MessageContract } from '@appmanager/contracts';
import { Outbox, processOnce } from '@appmanager/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { type CommandInbox, type InboxOutcome, type Transaction } from '../application/command-inbox.js';

/** The inbox as libs/messaging keeps it (processed_event), its Transaction the TypeORM EntityManager of that transaction. */
@Injectable()
export class TypeOrmCommandInbox implements CommandInbox {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  once<T>(consumer: string, eventId: string, work: (transaction: Transaction) => Promise<T>): Promise<InboxOutcome<T>> {
    return processOnce(this.dataSource, consumer, eventId, (manager) => work(manager as unknown as Transaction));
  }

  async announce<C extends MessageContract>(transaction: Transaction, contract: C, data: ContractData<C>): Promise<void> {
    await this.outbox.add(transaction as unknown as EntityManager, contract, data);
  }
}
