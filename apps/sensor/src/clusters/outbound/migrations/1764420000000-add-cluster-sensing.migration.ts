import type { MigrationInterface, QueryRunner } from 'typeorm';

/** How each cluster is followed, as deploy announces it; clusters known before are polled. */
export class AddClusterSensing1764420000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE sensor.cluster ADD COLUMN sensing text NOT NULL DEFAULT 'poll' CHECK (sensing IN ('poll', 'watch'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE sensor.cluster DROP COLUMN sensing');
  }
}
