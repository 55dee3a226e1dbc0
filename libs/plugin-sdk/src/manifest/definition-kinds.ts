import type { CapabilityName } from '../abi/host-api.types.js';
import type { DefinitionKind } from './plugin-manifest.types.js';

export const DEFINITION_KINDS: readonly DefinitionKind[] = ['Component', 'Trait', 'Policy', 'WorkflowStep', 'Addon'];

/**
 * Capabilities each kind may be granted. A policy only rewrites the application, so it gets no side
 * effects beyond logging; traits change workloads and may read the cluster or call allow-listed HTTP.
 */
export const KIND_CAPABILITIES: Readonly<Record<DefinitionKind, readonly CapabilityName[]>> = {
  Component: ['kube', 'outputs', 'log', 'http'],
  Trait: ['kube', 'log', 'http'],
  Policy: ['log'],
  WorkflowStep: ['kube', 'outputs', 'log', 'http'],
  // an add-on reaches resource back-ends only through the host, which holds their admin credentials
  Addon: ['kube', 'outputs', 'log', 'http', 'postgres', 's3', 'config'],
};

/** The exported functions of each kind; `optional` ones may be missing from a bundle. */
export const KIND_FUNCTIONS: Readonly<Record<DefinitionKind, { required: readonly string[]; optional: readonly string[] }>> = {
  Component: { required: ['render', 'apply', 'status', 'destroy'], optional: ['build'] },
  Trait: { required: ['apply'], optional: ['watch'] },
  Policy: { required: ['rewrite'], optional: [] },
  WorkflowStep: { required: ['execute'], optional: [] },
  Addon: { required: ['apply', 'release'], optional: ['status', 'checkExpired', 'share'] },
};
