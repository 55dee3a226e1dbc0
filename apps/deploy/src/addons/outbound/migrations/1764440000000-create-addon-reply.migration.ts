import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAddonReply1764440000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE deploy.addon_reply (
        request_id text PRIMARY KEY,
        reply jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE deploy.addon_reply');
  }
}
