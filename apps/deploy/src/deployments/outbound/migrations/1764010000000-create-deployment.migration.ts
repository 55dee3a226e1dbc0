import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDeployment1764010000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE deploy.deployment (
        id uuid PRIMARY KEY,
        app_id text NOT NULL,
        state text NOT NULL CHECK (state IN ('CREATED', 'PROCESSING', 'RUNNING', 'WAIT_FOR_OP', 'SUCCESS', 'FAILURE', 'TERMINATED')),
        configuration jsonb NOT NULL,
        target jsonb NOT NULL DEFAULT '{}',
        requested_by text,
        source_event_id text UNIQUE,
        correlation_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // the list endpoint reads newest first
    await runner.query('CREATE INDEX deployment_created_at_idx ON deploy.deployment (created_at DESC, id)');
    await runner.query('CREATE INDEX deployment_app_id_idx ON deploy.deployment (app_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE deploy.deployment');
  }
}
