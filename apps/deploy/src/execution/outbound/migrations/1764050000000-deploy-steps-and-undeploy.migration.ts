import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each deploy step has its own DAG (apply-components deploys what it names, a later step the rest), so a node
 * is keyed by its step too; an undeploy is a deployment of kind `undeploy` naming the deployment it removes.
 */
export class DeployStepsAndUndeploy1764050000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE deploy.deployment_node ADD COLUMN step text NOT NULL DEFAULT ''`);
    await runner.query('ALTER TABLE deploy.deployment_node DROP CONSTRAINT deployment_node_pkey');
    await runner.query('ALTER TABLE deploy.deployment_node ADD PRIMARY KEY (deployment_id, step, node_id)');
    await runner.query(
      `ALTER TABLE deploy.deployment ADD COLUMN kind text NOT NULL DEFAULT 'deploy' CHECK (kind IN ('deploy', 'undeploy'))`,
    );
    await runner.query(
      'ALTER TABLE deploy.deployment ADD COLUMN source_deployment_id uuid REFERENCES deploy.deployment (id) ON DELETE SET NULL',
    );
    // undeploy finds the latest deployment of an application by its resolved stage
    await runner.query('CREATE INDEX deployment_app_created_idx ON deploy.deployment (app_id, created_at DESC)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX deploy.deployment_app_created_idx');
    await runner.query('ALTER TABLE deploy.deployment DROP COLUMN source_deployment_id, DROP COLUMN kind');
    await runner.query('ALTER TABLE deploy.deployment_node DROP CONSTRAINT deployment_node_pkey');
    await runner.query(`DELETE FROM deploy.deployment_node WHERE step <> ''`);
    await runner.query('ALTER TABLE deploy.deployment_node ADD PRIMARY KEY (deployment_id, node_id)');
    await runner.query('ALTER TABLE deploy.deployment_node DROP COLUMN step');
  }
}
