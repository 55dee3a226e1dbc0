import type { PluginHost } from './host-api.types.js';
import type { InvocationContext } from './invocation.types.js';
import type { JsonObject } from './json.types.js';

export interface WorkflowStepInput<P = JsonObject> {
  context: InvocationContext;
  step: { type: string; name: string };
  properties: P;
  /** Values of the step's `inputs`, by parameter key. */
  inputs: JsonObject;
  /** The workflow's shared context (AppManager's `context`), e.g. `{ continueRollout: true }`. */
  workflowContext: JsonObject;
}

/** Succeeded (with outputs), suspended (waiting for someone to resume it) or terminated (the workflow stops). */
export type WorkflowStepResult =
  | { outcome: 'succeeded'; outputs?: JsonObject; workflowContext?: JsonObject }
  | { outcome: 'suspend'; reason?: string; workflowContext?: JsonObject }
  | { outcome: 'terminate'; reason: string };

export interface WorkflowStepPlugin<P = JsonObject> {
  execute(input: WorkflowStepInput<P>, host: PluginHost): WorkflowStepResult | Promise<WorkflowStepResult>;
}
