import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDeploymentRuns1764030000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // the orchestration adds SUSPENDED to the states the first migration allowed
    await runner.query('ALTER TABLE deploy.deployment DROP CONSTRAINT IF EXISTS deployment_state_check');
    await runner.query(`ALTER TABLE deploy.deployment ADD CONSTRAINT deployment_state_check
      CHECK (state IN ('CREATED', 'PROCESSING', 'RUNNING', 'WAIT_FOR_OP', 'SUSPENDED', 'SUCCESS', 'FAILURE', 'TERMINATED'))`);
    await runner.query(`
      CREATE TABLE deploy.deployment_run (
        deployment_id uuid PRIMARY KEY REFERENCES deploy.deployment (id) ON DELETE CASCADE,
        state text NOT NULL,
        application jsonb,
        target jsonb,
        workflow jsonb,
        wake_at timestamptz,
        reason text,
        lease_owner text,
        lease_expires_at timestamptz,
        started_at timestamptz,
        finished_at timestamptz
      )`);
    // the claim query reads unfinished runs by lease expiry
    await runner.query(
      `CREATE INDEX deployment_run_claim_idx ON deploy.deployment_run (lease_expires_at) WHERE state NOT IN ('SUCCESS', 'TERMINATED')`,
    );
    await runner.query(`
      CREATE TABLE deploy.deployment_node (
        deployment_id uuid NOT NULL REFERENCES deploy.deployment_run (deployment_id) ON DELETE CASCADE,
        node_id text NOT NULL,
        state text NOT NULL,
        version text,
        applied_version text,
        reason text,
        outputs jsonb NOT NULL DEFAULT '{}',
        workload jsonb,
        started_at timestamptz,
        finished_at timestamptz,
        PRIMARY KEY (deployment_id, node_id)
      )`);
    await runner.query(`
      CREATE TABLE deploy.deployment_history (
        id bigserial PRIMARY KEY,
        deployment_id uuid NOT NULL REFERENCES deploy.deployment_run (deployment_id) ON DELETE CASCADE,
        subject text NOT NULL,
        from_state text NOT NULL,
        to_state text NOT NULL,
        reason text,
        at timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX deployment_history_deployment_idx ON deploy.deployment_history (deployment_id, id)');
    await runner.query(`
      CREATE TABLE deploy.deployment_operation (
        id bigserial PRIMARY KEY,
        deployment_id uuid NOT NULL REFERENCES deploy.deployment_run (deployment_id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('suspend', 'resume', 'terminate', 'retry')),
        payload jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await runner.query(
      'CREATE INDEX deployment_operation_pending_idx ON deploy.deployment_operation (deployment_id) WHERE completed_at IS NULL',
    );
    // wake the runners at commit of a launch or an operation, whoever wrote it (API, event handler, SQL)
    await runner.query(`CREATE FUNCTION deploy.notify_runs() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('deploy_runs', COALESCE(NEW.deployment_id::text, '')); RETURN NULL; END $$`);
    await runner.query(`CREATE FUNCTION deploy.notify_launch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('deploy_runs', NEW.id::text); RETURN NULL; END $$`);
    await runner.query(
      'CREATE TRIGGER deployment_launched AFTER INSERT ON deploy.deployment FOR EACH ROW EXECUTE FUNCTION deploy.notify_launch()',
    );
    await runner.query(
      'CREATE TRIGGER deployment_operation_queued AFTER INSERT ON deploy.deployment_operation FOR EACH ROW EXECUTE FUNCTION deploy.notify_runs()',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TRIGGER IF EXISTS deployment_launched ON deploy.deployment');
    await runner.query('DROP TABLE deploy.deployment_operation, deploy.deployment_history, deploy.deployment_node, deploy.deployment_run');
    await runner.query('DROP FUNCTION IF EXISTS deploy.notify_runs(), deploy.notify_launch()');
  }
}
