import type { AppPackageTask, ComponentPackageTask } from '../domain/package-task.js';

export const APP_TASK_COLUMNS = 'id, app_id, version, state, tags, options, reason, app_package_id, created_at, updated_at, finished_at';
export const COMPONENT_TASK_COLUMNS =
  'id, app_package_task_id, app_id, component_type, component_name, version, state, binder, reason, attempt, component_package_id, log_key, created_at, updated_at, started_at, finished_at';

export interface AppTaskRow {
  id: string;
  app_id: string;
  version: string;
  state: AppPackageTask['state'];
  tags: string[];
  options: Record<string, unknown>;
  reason: string | null;
  app_package_id: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

export interface ComponentTaskRow {
  id: string;
  app_package_task_id: string | null;
  app_id: string;
  component_type: string;
  component_name: string;
  version: string;
  state: ComponentPackageTask['state'];
  binder: ComponentPackageTask['binder'];
  reason: string | null;
  attempt: number;
  component_package_id: string | null;
  log_key: string | null;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export const toAppTask = (r: AppTaskRow): AppPackageTask => ({
  id: r.id,
  appId: r.app_id,
  version: r.version,
  state: r.state,
  tags: r.tags,
  options: r.options,
  reason: r.reason,
  appPackageId: r.app_package_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  finishedAt: r.finished_at,
});

export const toComponentTask = (r: ComponentTaskRow): ComponentPackageTask => ({
  id: r.id,
  appPackageTaskId: r.app_package_task_id,
  appId: r.app_id,
  componentType: r.component_type,
  componentName: r.component_name,
  version: r.version,
  state: r.state,
  binder: r.binder,
  reason: r.reason,
  attempt: r.attempt,
  componentPackageId: r.component_package_id,
  logKey: r.log_key,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});
