import type { MigrationInterface, QueryRunner } from 'typeorm';

/** How the sensor follows each cluster; clusters registered before keep being polled. */
export class AddClusterSensing1764420000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE deploy.cluster ADD COLUMN sensing text NOT NULL DEFAULT 'poll' CHECK (sensing IN ('poll', 'watch'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE deploy.cluster DROP COLUMN sensing');
  }
}
