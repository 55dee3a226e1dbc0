import type { WorkflowStepPlugin } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

interface DeployProperties {
  /** Policies applied, in this order, to the application before it is deployed. */
  policies?: string[];
}

/**
 * Deploys the whole application. A step cannot run a deployment itself (that is the deploy service's
 * DAG), so it answers with a `deployRequest` output that the workflow engine carries out before the
 * step counts as done: all components, the listed policies applied in order.
 */
export const execute: WorkflowStepPlugin<DeployProperties>['execute'] = (input) => {
  const policies = input.properties.policies ?? [];
  const duplicate = policies.find((p, i) => policies.indexOf(p) !== i);
  if (duplicate) throw new Error(`policy "${duplicate}" is listed twice`);
  return { outcome: 'succeeded', outputs: { deployRequest: { components: ['*'], policies } } };
};
