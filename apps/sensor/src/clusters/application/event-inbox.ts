import { type Transaction } from './cluster.repository.js';

export type InboxOutcome<T> = { applied: true; result: T } | { applied: false };

/**
 * Port: applies an event at most once per (durable consumer, event id); `work` runs in the transaction that records
 * the event as applied, so a redelivered event (say, a registration after the cluster was removed) changes nothing.
 */
export abstract class EventInbox {
  abstract once<T>(consumer: string, eventId: string, work: (transaction: Transaction) => Promise<T>): Promise<InboxOutcome<T>>;
}
