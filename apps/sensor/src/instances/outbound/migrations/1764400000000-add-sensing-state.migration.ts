import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What sensing adds: a component instance's observed status, drift and plug-in call; history; app instances. */
export class AddSensingState1764400000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE sensor.component_instance
        ADD COLUMN status_message text,
        ADD COLUMN drifted jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN sensing jsonb NOT NULL DEFAULT '{"traits":[]}',
        ADD COLUMN observed_at timestamptz`);
    await runner.query(`
      CREATE TABLE sensor.component_instance_history (
        id bigserial PRIMARY KEY,
        app_id text NOT NULL,
        stage text NOT NULL,
        cluster text NOT NULL,
        namespace text NOT NULL,
        component text NOT NULL,
        status text NOT NULL,
        previous_status text NOT NULL,
        message text,
        drifted jsonb NOT NULL DEFAULT '[]',
        observed_by text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await runner.query(
      'CREATE INDEX component_instance_history_app_idx ON sensor.component_instance_history (app_id, stage, cluster, namespace, id)',
    );
    await runner.query(`
      CREATE TABLE sensor.app_instance (
        app_id text NOT NULL,
        stage text NOT NULL,
        cluster text NOT NULL,
        namespace text NOT NULL,
        status text NOT NULL,
        components jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (app_id, stage, cluster, namespace)
      )`);
    await runner.query(`
      CREATE TABLE sensor.app_instance_history (
        id bigserial PRIMARY KEY,
        app_id text NOT NULL,
        stage text NOT NULL,
        cluster text NOT NULL,
        namespace text NOT NULL,
        status text NOT NULL,
        previous_status text NOT NULL,
        at timestamptz NOT NULL
      )`);
    // what each cluster looked like when last observed, so a poller taking it over compares with that
    await runner.query(`
      CREATE TABLE sensor.cluster_observation (
        cluster_id text PRIMARY KEY,
        digest text NOT NULL,
        observed_at timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX app_instance_history_app_idx ON sensor.app_instance_history (app_id, stage, cluster, namespace, id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'DROP TABLE sensor.cluster_observation, sensor.app_instance_history, sensor.app_instance, sensor.component_instance_history',
    );
    await runner.query(
      'ALTER TABLE sensor.component_instance DROP COLUMN status_message, DROP COLUMN drifted, DROP COLUMN sensing, DROP COLUMN observed_at',
    );
  }
}
