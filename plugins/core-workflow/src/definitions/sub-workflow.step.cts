import type { JsonObject, WorkflowStepPlugin } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

interface ChildStep extends JsonObject {
  type: string;
  name: string;
}

interface SubWorkflowProperties {
  steps: ChildStep[];
  /** Merged over a copy of the parent's workflow context for the child. */
  context?: JsonObject;
}

/**
 * Runs a child workflow. The step checks the child's steps and answers with a `subWorkflow` output
 * (steps and starting context) that the workflow engine runs; the parent step finishes with the child.
 */
export const execute: WorkflowStepPlugin<SubWorkflowProperties>['execute'] = (input) => {
  const steps = input.properties.steps;
  const seen = new Set<string>();
  steps.forEach((step, index) => {
    if (seen.has(step.name)) throw new Error(`steps[${index}]: the name "${step.name}" is used twice`);
    seen.add(step.name);
  });
  const context: JsonObject = { ...input.workflowContext, ...input.properties.context };
  return { outcome: 'succeeded', outputs: { subWorkflow: { steps, context } } };
};
