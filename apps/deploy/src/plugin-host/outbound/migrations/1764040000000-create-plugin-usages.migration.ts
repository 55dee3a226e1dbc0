import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePluginUsages1764040000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // the plug-in versions whose use a deployment recorded at the registry, so any replica can release them;
    // no foreign key: a row must outlive nothing it names, and only a release at the registry removes it
    await runner.query(`
      CREATE TABLE deploy.deployment_plugin_usage (
        deployment_id uuid NOT NULL,
        plugin_name text NOT NULL,
        plugin_version text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (deployment_id, plugin_name, plugin_version)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE deploy.deployment_plugin_usage');
  }
}
