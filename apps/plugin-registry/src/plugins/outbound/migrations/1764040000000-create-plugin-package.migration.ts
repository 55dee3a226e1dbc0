import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePluginPackage1764040000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE plugin_registry.plugin_package (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        version text NOT NULL,
        enabled boolean NOT NULL DEFAULT false,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        archive_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE UNIQUE INDEX plugin_package_name_version_idx ON plugin_registry.plugin_package (name, version)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE plugin_registry.plugin_package');
  }
}
