import type { ComponentBinder } from '../../build-configs/domain/component-binder.js';
import type { appPackageTaskStates, componentPackageTaskStates } from '@appmanager/contracts';

export type AppPackageTaskState = (typeof appPackageTaskStates)[number];
export type ComponentPackageTaskState = (typeof componentPackageTaskStates)[number];

export interface AppPackageTask {
  id: string;
  appId: string;
  version: string;
  state: AppPackageTaskState;
  tags: string[];
  options: Record<string, unknown>;
  reason: string | null;
  appPackageId: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export interface ComponentPackageTask {
  id: string;
  appPackageTaskId: string | null;
  appId: string;
  componentType: string;
  componentName: string;
  version: string;
  state: ComponentPackageTaskState;
  binder: ComponentBinder;
  reason: string | null;
  attempt: number;
  componentPackageId: string | null;
  logKey: string | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** AppManager's ComponentPackageTaskStateEnum transitions; anything else is a state machine error. */
const componentTransitions: Record<ComponentPackageTaskState, readonly ComponentPackageTaskState[]> = {
  CREATED: ['RUNNING'],
  // RUNNING → RUNNING: a task whose process died is started again (attempt + 1)
  RUNNING: ['SUCCESS', 'FAILURE', 'SKIP', 'RUNNING'],
  FAILURE: ['RUNNING'],
  SUCCESS: [],
  SKIP: [],
};

export class TaskStateError extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`a component package task in ${from} cannot go to ${to}`);
  }
}

export function checkComponentTransition(from: ComponentPackageTaskState, to: ComponentPackageTaskState): void {
  if (!componentTransitions[from].includes(to)) throw new TaskStateError(from, to);
}

export const finishedComponentStates: readonly ComponentPackageTaskState[] = ['SUCCESS', 'SKIP'];

/**
 * AppManager's freshAppPackageTask: all components done (SUCCESS or SKIP) → APP_PACK_RUN; any still to run →
 * COM_PACK_RUN; otherwise (something failed and nothing runs) → FAILURE.
 */
export function appTaskStateFor(components: readonly Pick<ComponentPackageTask, 'state'>[]): 'COM_PACK_RUN' | 'APP_PACK_RUN' | 'FAILURE' {
  if (components.every((c) => finishedComponentStates.includes(c.state))) return 'APP_PACK_RUN';
  if (components.some((c) => c.state === 'CREATED' || c.state === 'RUNNING')) return 'COM_PACK_RUN';
  return 'FAILURE';
}

export function progressOf(components: readonly Pick<ComponentPackageTask, 'state'>[]): { done: number; total: number } {
  return { done: components.filter((c) => finishedComponentStates.includes(c.state)).length, total: components.length };
}
