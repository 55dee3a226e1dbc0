import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The W3C trace a deployment was launched in, so the runner that drives it later continues that trace. */
export class DeploymentTraceparent1765200000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE deploy.deployment ADD COLUMN traceparent text');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE deploy.deployment DROP COLUMN traceparent');
  }
}
