import type { ContractData, applyAddonInstanceCommand } from '@appmanager/contracts';
import { type ApplicationModel, type JsonObject, type JsonValue, type TargetRef } from '../../applications/domain/application.model.js';
import { type NodeState } from '../../dag/domain/node-state.machine.js';
import { type DeploymentState } from '../../workflow/domain/deployment-state.machine.js';
import { type WorkflowRun } from '../../workflow/domain/workflow-run.js';

/** A deployment as its runner sees it: persisted whole at every transition. */
export interface RunRecord {
  deploymentId: string;
  /** `undeploy`: removes what `sourceDeploymentId` applied, instead of running an application's workflow. */
  kind: 'deploy' | 'undeploy';
  sourceDeploymentId: string | null;
  appId: string;
  state: DeploymentState;
  /** The launch as submitted (YAML text or object); parsed on the first claim. */
  configuration: unknown;
  requestedTarget: TargetRef;
  correlationId: string;
  /** The W3C trace the deployment was launched in; the driver's work continues it. */
  traceparent: string | null;
  application: ApplicationModel | null;
  target: (Required<Pick<TargetRef, 'cluster' | 'namespace'>> & TargetRef) | null;
  workflow: WorkflowRun | null;
  wakeAt: Date | null;
  reason: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface NodeRecord {
  /** The workflow step (its path, `parent/child` when nested) whose DAG the node belongs to: each deploy step has its own. */
  step: string;
  nodeId: string;
  state: NodeState;
  /** Version of what this node applies now (digest of its objects). */
  version: string | null;
  /** Version last applied to the cluster: equal to `version` means nothing to apply. */
  appliedVersion: string | null;
  reason: string | null;
  /** dataOutputs read after it became ready. */
  outputs: Record<string, JsonValue>;
  /** For pre-trait nodes: the workload as patched so far, handed to the next node of the chain. */
  workload: JsonObject | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** Where a node's objects went. */
export interface Placement {
  unit?: string;
  cluster: string;
  namespace: string;
  stage?: string;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
}

/**
 * What a node write also announces, in the same transaction: the objects a node applied (with the hash of what it
 * applied) or removed. The sensor's inventory is built from these.
 */
export type NodeAnnouncement =
  | {
      kind: 'applied';
      component: string;
      componentType: string;
      placement: Placement;
      version: string;
      objects: (ObjectRef & { specHash: string; fields: Record<string, string> })[];
      /** On a component's own node: how the sensor asks its plug-in for status, and its traits. */
      status?: { pluginType: string; name: string; properties: JsonObject };
      traits?: { type: string; name: string; properties: JsonObject }[];
    }
  | { kind: 'removed'; component: string; placement: Placement; objects: ObjectRef[] }
  /** An add-on node asks the add-on service for its instance. */
  | { kind: 'addon-request'; command: ContractData<typeof applyAddonInstanceCommand> };

export interface HistoryEntry {
  subject: string;
  from: string;
  to: string;
  reason?: string;
  at: Date;
}

export type OperationKind = 'suspend' | 'resume' | 'terminate' | 'retry';

export interface Operation {
  id: string;
  deploymentId: string;
  kind: OperationKind;
  payload: JsonObject;
}

export const finalDeploymentStates: readonly DeploymentState[] = ['SUCCESS', 'TERMINATED'];

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Deployment ids are UUIDs (given at launch): anything else names no run, and asking the store would only fail a cast. */
export function isRunId(id: string): boolean {
  return uuid.test(id);
}
