import { EntitySchema } from 'typeorm';

/** A row of the outbox: one event written in the same transaction as the state it announces. */
export interface OutboxRow {
  position: string;
  eventId: string;
  subject: string;
  envelope: unknown;
  createdAt: Date;
  publishedAt: Date | null;
}

/** A row of the inbox: this consumer has applied this event's side effects. */
export interface ProcessedEventRow {
  consumer: string;
  eventId: string;
  processedAt: Date;
}

// No schema here: the tables live in whatever schema the service's DataSource names.
export const OutboxEntity = new EntitySchema<OutboxRow>({
  name: 'OutboxMessage',
  tableName: 'outbox',
  columns: {
    position: { type: 'bigint', primary: true, generated: 'increment' },
    eventId: { name: 'event_id', type: 'text', unique: true },
    subject: { type: 'text' },
    envelope: { type: 'jsonb' },
    createdAt: { name: 'created_at', type: 'timestamptz', default: () => 'now()' },
    publishedAt: { name: 'published_at', type: 'timestamptz', nullable: true },
  },
});

export const ProcessedEventEntity = new EntitySchema<ProcessedEventRow>({
  name: 'ProcessedEvent',
  tableName: 'processed_event',
  columns: {
    consumer: { type: 'text', primary: true },
    eventId: { name: 'event_id', type: 'text', primary: true },
    processedAt: { name: 'processed_at', type: 'timestamptz', default: () => 'now()' },
  },
});

/** Add these to the service's DataSource `entities`. */
export const messagingEntities = [OutboxEntity, ProcessedEventEntity];
