import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEnvironments1764020000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE deploy.unit (id text PRIMARY KEY, name text NOT NULL, description text NOT NULL DEFAULT '')`);
    // RESTRICT: a unit with clusters, a cluster with namespaces... cannot disappear from under them
    await runner.query(`
      CREATE TABLE deploy.cluster (
        id text PRIMARY KEY,
        unit_id text NOT NULL REFERENCES deploy.unit (id) ON DELETE RESTRICT,
        name text NOT NULL,
        api_endpoint text NOT NULL,
        ca_sealed text NOT NULL,
        credentials_sealed text NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE deploy.namespace (
        id text PRIMARY KEY,
        cluster_id text NOT NULL REFERENCES deploy.cluster (id) ON DELETE RESTRICT,
        name text NOT NULL,
        UNIQUE (cluster_id, name)
      )`);
    await runner.query(`
      CREATE TABLE deploy.stage (
        id text PRIMARY KEY,
        namespace_id text NOT NULL REFERENCES deploy.namespace (id) ON DELETE RESTRICT,
        name text NOT NULL,
        UNIQUE (namespace_id, name)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE deploy.stage, deploy.namespace, deploy.cluster, deploy.unit');
  }
}
