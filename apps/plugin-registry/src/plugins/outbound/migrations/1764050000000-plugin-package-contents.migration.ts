import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What a version contains (its definitions, for resolve), its size, and who uses it. */
export class PluginPackageContents1764050000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE plugin_registry.plugin_package
      ADD COLUMN description text NOT NULL DEFAULT '',
      ADD COLUMN size_bytes integer NOT NULL DEFAULT 0,
      ADD COLUMN definitions jsonb NOT NULL DEFAULT '[]'`);
    // resolve asks "which versions define kind/type": jsonb containment, served by this index
    await runner.query(
      'CREATE INDEX plugin_package_definitions_idx ON plugin_registry.plugin_package USING gin (definitions jsonb_path_ops)',
    );
    await runner.query(`CREATE TABLE plugin_registry.plugin_usage (
      package_id uuid NOT NULL REFERENCES plugin_registry.plugin_package (id) ON DELETE CASCADE,
      consumer text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (package_id, consumer)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE plugin_registry.plugin_usage');
    await runner.query('DROP INDEX plugin_registry.plugin_package_definitions_idx');
    await runner.query(
      'ALTER TABLE plugin_registry.plugin_package DROP COLUMN description, DROP COLUMN size_bytes, DROP COLUMN definitions',
    );
  }
}
