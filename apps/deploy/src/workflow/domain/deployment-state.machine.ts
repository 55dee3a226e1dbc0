import { defineStateMachine } from '../../state-machines/domain/state-machine.js';

/** AppManager's deployment states, plus SUSPENDED for a workflow waiting to be resumed. */
export type DeploymentState = 'CREATED' | 'PROCESSING' | 'RUNNING' | 'WAIT_FOR_OP' | 'SUSPENDED' | 'SUCCESS' | 'FAILURE' | 'TERMINATED';

/**
 * CREATED → PROCESSING (validating, planning) → RUNNING; RUNNING ⇄ SUSPENDED; RUNNING → WAIT_FOR_OP when a
 * component needs an operator (retry → RUNNING); FAILURE can be retried from the failed step (AppManager
 * left workflow retry as a TODO). SUCCESS and TERMINATED are final; replay makes a new deployment.
 */
export const deploymentStateMachine = defineStateMachine<DeploymentState>('deployment', {
  CREATED: ['PROCESSING', 'FAILURE', 'TERMINATED'],
  PROCESSING: ['RUNNING', 'FAILURE', 'TERMINATED'],
  RUNNING: ['SUSPENDED', 'WAIT_FOR_OP', 'SUCCESS', 'FAILURE', 'TERMINATED'],
  // a DAG workflow can finish or fail a branch while another branch is suspended or waiting
  SUSPENDED: ['RUNNING', 'WAIT_FOR_OP', 'SUCCESS', 'TERMINATED', 'FAILURE'],
  WAIT_FOR_OP: ['RUNNING', 'SUSPENDED', 'TERMINATED', 'FAILURE'],
  FAILURE: ['RUNNING', 'TERMINATED'],
  SUCCESS: [],
  TERMINATED: [],
});
