import type { WorkflowStepPlugin } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

interface SuspendProperties {
  message?: string;
  /** A workflow-context key (e.g. `continueRollout`): when it is already true, the step does not stop. */
  skipWhen?: string;
}

/**
 * Stops the workflow until someone resumes it (AppManager: PUT /workflow/{id}/context, then /resume);
 * the engine marks the step succeeded on resume.
 */
export const execute: WorkflowStepPlugin<SuspendProperties>['execute'] = (input) => {
  const { skipWhen, message } = input.properties;
  if (skipWhen && input.workflowContext[skipWhen] === true) return { outcome: 'succeeded' };
  return { outcome: 'suspend', reason: message ?? `waiting at step "${input.step.name}" for someone to resume the workflow` };
};
