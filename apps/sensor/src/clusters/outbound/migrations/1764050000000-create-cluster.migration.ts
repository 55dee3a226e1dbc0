import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCluster1764050000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE sensor.cluster (
        cluster_id text PRIMARY KEY,
        unit_id text NOT NULL,
        name text NOT NULL,
        api_server text NOT NULL,
        registered_at timestamptz NOT NULL,
        last_event_id text NOT NULL
      )`);
    // pollers are grouped by unit: each reads its unit's clusters
    await runner.query('CREATE INDEX cluster_unit_id_idx ON sensor.cluster (unit_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE sensor.cluster');
  }
}
