import type { JsonObject, WorkflowStepPlugin } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

interface ApplyComponentsProperties {
  /** Component names, or AppManager's `{ type, name }` entries. */
  components: Array<string | { type?: string; name: string }>;
  policies?: string[];
  /** AppManager's rollout, e.g. `{ type: partition, properties: { partition: "1" } }`; passed to the engine as is. */
  rollout?: JsonObject;
}

/**
 * Deploys some components. Like `deploy` it answers with a `deployRequest` for the engine. Each listed
 * component keeps its own dependencies (AppManager made every component after the first depend on the
 * first), and policies apply in the order listed.
 */
export const execute: WorkflowStepPlugin<ApplyComponentsProperties>['execute'] = (input) => {
  // AppManager's `{type, name}` becomes the component id `TYPE|NAME`, so a name shared by two types is not ambiguous
  const names = input.properties.components.map((c) => (typeof c === 'string' ? c : c.type ? `${c.type}|${c.name}` : c.name));
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`component "${duplicate}" is listed twice`);
  const deployRequest: JsonObject = { components: names, policies: input.properties.policies ?? [] };
  if (input.properties.rollout) deployRequest['rollout'] = input.properties.rollout;
  return { outcome: 'succeeded', outputs: { deployRequest } };
};
