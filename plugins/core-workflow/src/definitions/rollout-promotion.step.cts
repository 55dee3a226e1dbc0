import type { WorkflowStepPlugin } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

interface RolloutPromotionProperties {
  /** Workflow-context keys read for the decision (AppManager's names by default). */
  continueKey?: string;
  rollbackKey?: string;
}

/**
 * AppManager's `rollout-promotion`: after a partial rollout and a `suspend`, an operator sets the workflow context
 * (resume with `{ continueRollout: true }` or `{ rollback: true }`) and this step decides. Continue: the next steps
 * deploy the rest. Rollback, or no decision at all: the workflow stops here, so nothing is promoted by default.
 */
export const execute: WorkflowStepPlugin<RolloutPromotionProperties>['execute'] = (input) => {
  const continueKey = input.properties.continueKey ?? 'continueRollout';
  const rollbackKey = input.properties.rollbackKey ?? 'rollback';
  const context = input.workflowContext;
  if (context[rollbackKey] === true)
    return {
      outcome: 'terminate',
      reason: `rollout-promotion "${input.step.name}": rollback requested (${rollbackKey}: true); the rollout stops here`,
    };
  if (context[continueKey] === true) return { outcome: 'succeeded', outputs: { promoted: true } };
  return {
    outcome: 'terminate',
    reason: `rollout-promotion "${input.step.name}": the workflow context sets neither ${continueKey} nor ${rollbackKey} to true; nothing is promoted without a decision`,
  };
};
