import { defineStateMachine } from '../../state-machines/domain/state-machine.js';

/**
 * A DAG node's state, with AppManager's component names: PROCESSING while it renders and applies, RUNNING while
 * it waits for the workload to become ready, WAIT_FOR_OP when it needs an operator (bad image, ...).
 * Retry puts a WAIT_FOR_OP / FAILURE / TERMINATED node back to CREATED.
 */
export type NodeState = 'CREATED' | 'PROCESSING' | 'RUNNING' | 'WAIT_FOR_OP' | 'SUCCESS' | 'FAILURE' | 'TERMINATED';

export const nodeStateMachine = defineStateMachine<NodeState>('component', {
  CREATED: ['PROCESSING', 'TERMINATED'],
  PROCESSING: ['RUNNING', 'SUCCESS', 'WAIT_FOR_OP', 'FAILURE', 'TERMINATED'],
  RUNNING: ['SUCCESS', 'WAIT_FOR_OP', 'FAILURE', 'TERMINATED'],
  WAIT_FOR_OP: ['CREATED', 'TERMINATED'],
  FAILURE: ['CREATED'],
  TERMINATED: ['CREATED'],
  SUCCESS: ['CREATED'],
});

export const activeNodeStates: readonly NodeState[] = ['PROCESSING', 'RUNNING'];
