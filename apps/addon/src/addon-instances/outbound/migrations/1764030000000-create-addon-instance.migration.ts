import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAddonInstance1764030000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE addon.addon_instance (
        id uuid PRIMARY KEY,
        addon_type text NOT NULL,
        addon_name text NOT NULL,
        namespace text NOT NULL,
        stage text NOT NULL DEFAULT '',
        state text NOT NULL CHECK (state IN ('APPLYING', 'READY', 'RELEASING', 'FAILURE')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      'CREATE UNIQUE INDEX addon_instance_identity_idx ON addon.addon_instance (addon_type, addon_name, namespace, stage)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE addon.addon_instance');
  }
}
