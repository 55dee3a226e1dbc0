import { type ContractData, type MessageContract } from '@appmanager/contracts';
import { type Transaction } from '@appmanager/persistence';

/** The inbox's open transaction, opaque to the application layer (the one handle libs/persistence defines). */
export type { Transaction };

export type InboxOutcome<T> = { applied: true; result: T } | { applied: false };

/**
 * Port: handles a command at most once per (durable consumer, event id). `work` runs in the transaction that records
 * the event as handled, so a redelivered or re-published command changes nothing twice; events announced in it are
 * published after commit (outbox), so they go out exactly when the work counted.
 */
export abstract class CommandInbox {
  abstract once<T>(consumer: string, eventId: string, work: (transaction: Transaction) => Promise<T>): Promise<InboxOutcome<T>>;
  abstract announce<C extends MessageContract>(transaction: Transaction, contract: C, data: ContractData<C>): Promise<void>;
}
