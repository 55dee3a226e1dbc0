import type { MigrationInterface, QueryRunner } from 'typeorm';

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The audit trail's table in a service's own schema; the host adds it to every service's migrations. */
export function createAuditMigration(schema: string): new () => MigrationInterface {
  const table = `${quote(schema)}.audit_record`;
  return class AuditRecords1765100000000 implements MigrationInterface {
    readonly name = 'AuditRecords1765100000000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS ${quote(schema)}`);
      await runner.query(`CREATE TABLE ${table} (
        id uuid PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        via text NOT NULL,
        action text NOT NULL,
        request text NOT NULL,
        target text,
        origin text NOT NULL,
        outcome text NOT NULL,
        status integer,
        reason text,
        correlation_id text
      )`);
      await runner.query(`CREATE INDEX audit_record_at ON ${table} (at DESC)`);
      await runner.query(`CREATE INDEX audit_record_actor ON ${table} (actor, at DESC)`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE ${table}`);
    }
  };
}
