import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Instances keyed uniquely by (cluster, namespace, type, name, attributes hash), their claims, grants and the answers
 * given per request. The placeholder table of 1764030000000 never held data (no writer existed), so it is replaced.
 */
export class AddonInstancesClaimsGrants1764600000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE addon.addon_instance');
    await runner.query(`
      CREATE TABLE addon.addon_instance (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        cluster text NOT NULL,
        namespace text NOT NULL,
        stage text NOT NULL DEFAULT '',
        addon_type text NOT NULL,
        addon_name text NOT NULL,
        attributes jsonb NOT NULL,
        attributes_hash text NOT NULL,
        deletion_policy text NOT NULL CHECK (deletion_policy IN ('Delete', 'Orphan')),
        management text NOT NULL CHECK (management IN ('Create', 'Observe')),
        state text NOT NULL CHECK (state IN ('APPLYING', 'READY', 'FAILURE', 'RELEASING', 'RELEASED')),
        reason text,
        outputs jsonb NOT NULL DEFAULT '{}',
        secret_names text[] NOT NULL DEFAULT '{}',
        sealed_secrets text,
        sealed_generated text,
        signature text,
        provider text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT addon_instance_key UNIQUE (cluster, namespace, addon_type, addon_name, attributes_hash)
      )`);
    await runner.query(`
      CREATE TABLE addon.addon_claim (
        instance_id uuid NOT NULL REFERENCES addon.addon_instance (id),
        deployment_id text NOT NULL,
        component text NOT NULL,
        app_id text NOT NULL,
        cluster text NOT NULL,
        namespace text NOT NULL,
        request_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (instance_id, deployment_id, component)
      )`);
    await runner.query('CREATE INDEX addon_claim_app_idx ON addon.addon_claim (app_id, cluster, namespace)');
    await runner.query(`
      CREATE TABLE addon.addon_grant (
        instance_id uuid NOT NULL REFERENCES addon.addon_instance (id),
        cluster text NOT NULL,
        namespace text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (instance_id, cluster, namespace)
      )`);
    await runner.query(`
      CREATE TABLE addon.addon_answer (
        request_id text PRIMARY KEY,
        outcome text NOT NULL,
        data jsonb NOT NULL,
        answered_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE addon.addon_answer, addon.addon_grant, addon.addon_claim, addon.addon_instance');
  }
}
