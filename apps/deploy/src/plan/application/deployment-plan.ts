import type { KubeObject } from '@appmanager/plugin-sdk';
import { type ApplicationModel, type TargetRef } from '../../applications/domain/application.model.js';
import { type CriticalPath } from '../../dag/domain/dag-analysis.js';
import { type DagEdge, type DagNode } from '../../dag/domain/deployment-dag.js';

export interface PlannedNode extends DagNode {
  /** `name@version` of the plug-in that renders it; absent for add-ons. */
  provider?: string;
  /** The objects this node would apply, labelled and named as they will be. */
  manifests: KubeObject[];
  note?: string;
  /** Where the node goes when its component names its own scopes (else the plan's target). */
  target?: TargetRef;
}

export interface PlannedStep {
  name: string;
  type: string;
  if?: string;
  timeoutMs?: number;
  retry?: { maxAttempts: number };
  steps?: PlannedWorkflow;
}

export interface PlannedWorkflow {
  mode: 'StepByStep' | 'DAG';
  steps: PlannedStep[];
  edges: { from: string; to: string; output?: string }[];
}

/** What `POST /v1/deployments:plan` answers: the deployment as it would run, touching no cluster. */
export interface DeploymentPlan {
  appId: string;
  name: string;
  target: TargetRef;
  nodes: PlannedNode[];
  edges: DagEdge[];
  levels: string[][];
  criticalPath: CriticalPath;
  workflow: PlannedWorkflow;
}

/** A parsed, checked application and where it goes: what plan returns and launch runs. */
export interface ValidatedApplication {
  app: ApplicationModel;
  target: Required<Pick<TargetRef, 'cluster' | 'namespace'>> & TargetRef;
}
