import { type JsonObject, type JsonValue, type WorkflowSpec } from '../../applications/domain/application.model.js';
import { type StepState } from './step-state.machine.js';

/** A workflow's own status; the deployment's state is derived from it. */
export type WorkflowStatus = 'RUNNING' | 'SUSPENDED' | 'WAIT_FOR_OP' | 'SUCCESS' | 'FAILURE' | 'TERMINATED';

export interface StepRecord {
  name: string;
  state: StepState;
  /** Attempts started so far (the first included). */
  attempts: number;
  startedAt?: string;
  endedAt?: string;
  /** A retry waits for this instant. */
  notBefore?: string;
  /** The current attempt times out at this instant. */
  deadline?: string;
  reason?: string;
  /** Waiting for an operator (WAIT_FOR_OP), e.g. an image that cannot be pulled; retry starts it again. */
  needsOperator?: boolean;
  outputs?: JsonObject;
  /** The child workflow of a nested step, persisted with its parent. */
  child?: WorkflowRun;
}

/** Everything the engine needs to continue after a crash: persisted whole at every transition. */
export interface WorkflowRun {
  status: WorkflowStatus;
  steps: StepRecord[];
  /** Named step outputs (`outputs[].name`), visible to later steps' `inputs` and conditions. */
  outputs: Record<string, JsonValue>;
  /** The shared workflow context (AppManager's `context`), changed by resume and by steps. */
  context: JsonObject;
  /** Suspended by an operator (API or event) rather than by a step. */
  held?: boolean;
  reason?: string;
}

export function newWorkflowRun(spec: WorkflowSpec, seed: { outputs?: Record<string, JsonValue>; context?: JsonObject } = {}): WorkflowRun {
  return {
    status: 'RUNNING',
    steps: spec.steps.map((s) => ({ name: s.name, state: 'PENDING', attempts: 0 })),
    outputs: { ...(seed.outputs ?? {}) },
    context: { ...(seed.context ?? {}) },
  };
}
