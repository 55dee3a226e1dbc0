import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * AppManager's build tables (am_app_package_task, am_component_package_task, am_app_package, am_component_package,
 * the relation and tags), with leases so a task outlives the process that ran it, and build configurations.
 */
export class PackageTasksAndPackages1764900000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS build.build_task');
    await runner.query(`
      CREATE TABLE build.build_config (
        app_id text NOT NULL,
        component_type text NOT NULL,
        component_name text NOT NULL,
        binder jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (app_id, component_type, component_name)
      )`);
    await runner.query(`
      CREATE TABLE build.app_package_task (
        id uuid PRIMARY KEY,
        app_id text NOT NULL,
        version text NOT NULL,
        state text NOT NULL CHECK (state IN ('CREATED', 'COM_PACK_RUN', 'APP_PACK_RUN', 'SUCCESS', 'FAILURE')),
        tags text[] NOT NULL DEFAULT '{}',
        options jsonb NOT NULL,
        reason text,
        app_package_id uuid,
        lease_owner text,
        lease_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await runner.query('CREATE INDEX app_package_task_app_idx ON build.app_package_task (app_id, created_at DESC)');
    await runner.query(`
      CREATE TABLE build.component_package_task (
        id uuid PRIMARY KEY,
        app_package_task_id uuid REFERENCES build.app_package_task (id) ON DELETE CASCADE,
        app_id text NOT NULL,
        component_type text NOT NULL,
        component_name text NOT NULL,
        version text NOT NULL,
        state text NOT NULL CHECK (state IN ('CREATED', 'RUNNING', 'SUCCESS', 'FAILURE', 'SKIP')),
        binder jsonb NOT NULL,
        reason text,
        attempt integer NOT NULL DEFAULT 0,
        component_package_id uuid,
        log_key text,
        lease_owner text,
        lease_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await runner.query('CREATE INDEX component_package_task_parent_idx ON build.component_package_task (app_package_task_id)');
    await runner.query(`CREATE INDEX component_package_task_runnable_idx ON build.component_package_task (created_at)
      WHERE state IN ('CREATED', 'RUNNING')`);
    await runner.query(`
      CREATE TABLE build.task_log_line (
        task_id uuid NOT NULL,
        seq bigserial,
        line text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (task_id, seq)
      )`);
    await runner.query(`
      CREATE TABLE build.component_package (
        id uuid PRIMARY KEY,
        app_id text NOT NULL,
        component_type text NOT NULL,
        component_name text NOT NULL,
        version text NOT NULL,
        md5 text NOT NULL,
        input_hash text,
        storage_key text NOT NULL,
        images jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT component_package_version UNIQUE (app_id, component_type, component_name, version)
      )`);
    await runner.query(
      'CREATE INDEX component_package_input_idx ON build.component_package (app_id, component_type, component_name, input_hash)',
    );
    await runner.query(`
      CREATE TABLE build.app_package (
        id uuid PRIMARY KEY,
        app_id text NOT NULL,
        version text NOT NULL,
        md5 text NOT NULL,
        storage_key text NOT NULL,
        source text NOT NULL CHECK (source IN ('build', 'import')),
        task_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT app_package_version UNIQUE (app_id, version)
      )`);
    await runner.query(`
      CREATE TABLE build.app_package_component (
        app_package_id uuid NOT NULL REFERENCES build.app_package (id) ON DELETE CASCADE,
        component_package_id uuid NOT NULL REFERENCES build.component_package (id),
        relative_path text NOT NULL,
        PRIMARY KEY (app_package_id, component_package_id)
      )`);
    await runner.query(`
      CREATE TABLE build.app_package_tag (
        app_package_id uuid NOT NULL REFERENCES build.app_package (id) ON DELETE CASCADE,
        tag text NOT NULL,
        PRIMARY KEY (app_package_id, tag)
      )`);
    await runner.query(`
      CREATE TABLE build.deploy_trigger (
        app_id text NOT NULL,
        stage text NOT NULL,
        enabled boolean NOT NULL DEFAULT false,
        configuration text NOT NULL,
        target jsonb NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (app_id, stage)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'deploy_trigger',
      'app_package_tag',
      'app_package_component',
      'app_package',
      'component_package',
      'task_log_line',
      'component_package_task',
      'app_package_task',
      'build_config',
    ])
      await runner.query(`DROP TABLE build.${table}`);
  }
}
