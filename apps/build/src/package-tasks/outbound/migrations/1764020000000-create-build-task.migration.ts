import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBuildTask1764020000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE build.build_task (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('component', 'app')),
        app_id text NOT NULL,
        component_name text,
        version text,
        state text NOT NULL CHECK (state IN ('CREATED', 'RUNNING', 'SUCCESS', 'FAILURE')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX build_task_app_id_idx ON build.build_task (app_id, created_at DESC)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE build.build_task');
  }
}
