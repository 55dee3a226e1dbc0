import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { qualifiedTable, quoteIdent } from './sql.names.js';

type MigrationClass = new () => MigrationInterface;

/**
 * The outbox and processed_event tables in the service's own schema. Each service adds
 * `createMessagingMigration('<its schema>')` to its DataSource `migrations`.
 */
export function createMessagingMigration(schema: string): MigrationClass {
  const outbox = qualifiedTable(schema, 'outbox');
  const processed = qualifiedTable(schema, 'processed_event');
  return class MessagingTables1764000000000 implements MigrationInterface {
    readonly name = 'MessagingTables1764000000000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await runner.query(`CREATE TABLE ${outbox} (
        position bigserial PRIMARY KEY,
        event_id text NOT NULL UNIQUE,
        subject text NOT NULL,
        envelope jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
      // the relay only ever looks for what is still to publish
      await runner.query(`CREATE INDEX outbox_unpublished ON ${outbox} (position) WHERE published_at IS NULL`);
      await runner.query(`CREATE TABLE ${processed} (
        consumer text NOT NULL,
        event_id text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE ${processed}`);
      await runner.query(`DROP TABLE ${outbox}`);
    }
  };
}
