import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateComponentInstance1764340000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE sensor.component_instance (
        app_id text NOT NULL,
        stage text NOT NULL,
        cluster text NOT NULL,
        namespace text NOT NULL,
        component text NOT NULL,
        unit text,
        component_type text NOT NULL,
        version text NOT NULL,
        objects jsonb NOT NULL,
        status text NOT NULL,
        nodes_applied_at jsonb NOT NULL,
        deployment_id text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (app_id, stage, cluster, namespace, component)
      )`);
    // a poller reads the instances of the clusters it owns
    await runner.query('CREATE INDEX component_instance_cluster_idx ON sensor.component_instance (cluster)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE sensor.component_instance');
  }
}
