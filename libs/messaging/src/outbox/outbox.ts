import { type CloudEvent, type ContractData, type MessageContract } from '@appmanager/contracts';
import { type DataSource, type EntityManager } from 'typeorm';
import { buildEnvelope, type PublishOptions } from '../publish/envelope.factory.js';
import { outboxChannel, qualifiedTable, schemaOf } from './sql.names.js';

/**
 * Writes events into the caller's transaction; the OutboxRelay publishes them after commit.
 * A rollback takes the event with it, and a crash after commit loses nothing.
 */
export class Outbox {
  constructor(private readonly source: string) {}

  async add<C extends MessageContract>(
    manager: EntityManager,
    contract: C,
    data: ContractData<C>,
    options: PublishOptions = {},
  ): Promise<CloudEvent<ContractData<C>>> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('outbox.add needs the EntityManager of an open transaction');
    const event = buildEnvelope(contract, data, this.source, options);
    const schema = schemaOf(manager.connection);
    // one round trip for the row and its wake-up (a NOTIFY is delivered at commit only, when the row is visible)
    await manager.query(
      `WITH added AS (INSERT INTO ${qualifiedTable(schema, 'outbox')} (event_id, subject, envelope) VALUES ($1, $2, $3) RETURNING event_id)
       SELECT pg_notify($4, event_id::text) FROM added`,
      [event.id, event.type, JSON.stringify(event), outboxChannel(schema)],
    );
    return event;
  }

  /**
   * The outbox row of an event (validated like `add`), for a caller that writes it in one statement together with
   * its own state change: insert it into `outboxTarget(...).table` and `pg_notify(channel, event_id)` in that
   * statement, so the row, its wake-up and the change commit together.
   */
  prepare<C extends MessageContract>(contract: C, data: ContractData<C>, options: PublishOptions = {}): OutboxInsert {
    const event = buildEnvelope(contract, data, this.source, options);
    return { event_id: event.id, subject: event.type, envelope: event as unknown as Record<string, unknown> };
  }
}

export interface OutboxInsert {
  event_id: string;
  subject: string;
  envelope: Record<string, unknown>;
}

/** The outbox table and the relay's wake-up channel of a DataSource's schema. */
export function outboxTarget(dataSource: DataSource): { table: string; channel: string } {
  const schema = schemaOf(dataSource);
  return { table: qualifiedTable(schema, 'outbox'), channel: outboxChannel(schema) };
}
