import { defineStateMachine } from '../../state-machines/domain/state-machine.js';

/**
 * AppManager's workflow task states (WorkflowTaskStateEnum) plus SKIPPED for a step whose condition is false.
 * RUNNING → PENDING is a retry after backoff; WAITING is a step waiting on its child workflow or an operator;
 * WAITING_SUSPEND a step that returned `suspend` and waits to be resumed.
 */
export type StepState = 'PENDING' | 'RUNNING' | 'WAITING' | 'WAITING_SUSPEND' | 'SUCCESS' | 'FAILURE' | 'TERMINATED' | 'SKIPPED';

export const stepStateMachine = defineStateMachine<StepState>('workflow step', {
  PENDING: ['RUNNING', 'SKIPPED', 'TERMINATED'],
  RUNNING: ['WAITING', 'WAITING_SUSPEND', 'SUCCESS', 'FAILURE', 'TERMINATED', 'PENDING'],
  WAITING: ['RUNNING', 'WAITING_SUSPEND', 'SUCCESS', 'FAILURE', 'TERMINATED', 'PENDING'],
  WAITING_SUSPEND: ['SUCCESS', 'WAITING', 'FAILURE', 'TERMINATED', 'PENDING'],
  // retry-from-failed-step (WAITING: a nested step waits on its retried child again)
  FAILURE: ['PENDING', 'WAITING'],
  TERMINATED: ['PENDING', 'WAITING'],
  SUCCESS: [],
  SKIPPED: [],
});

export const activeStepStates: readonly StepState[] = ['RUNNING', 'WAITING', 'WAITING_SUSPEND'];
