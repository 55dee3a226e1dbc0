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

/** The DAG one deploy step runs, with what it renders. */
export interface PlannedDag {
  nodes: PlannedNode[];
  edges: DagEdge[];
  levels: string[][];
  criticalPath: CriticalPath;
}

/** A deploy step (`deploy`, `apply-components`): what it asked for and the DAG it runs. */
export interface PlannedDeployStep extends PlannedDag {
  /** The step's path: `name`, or `parent/child` inside a sub-workflow (node history uses it too). */
  step: string;
  type: string;
  policies: string[];
  /** The components it deploys: those it named and what they need. */
  components: string[];
}

/**
 * What `POST /v1/deployments:plan` answers: the deployment as it would run, touching no cluster. The top-level
 * graph is the first deploy step's; `deploySteps` has every deploy step's own.
 */
export interface DeploymentPlan extends PlannedDag {
  appId: string;
  name: string;
  target: TargetRef;
  deploySteps: PlannedDeployStep[];
  workflow: PlannedWorkflow;
}

/** A parsed, checked application and where it goes: what plan returns and launch runs. */
export interface ValidatedApplication {
  app: ApplicationModel;
  target: Required<Pick<TargetRef, 'cluster' | 'namespace'>> & TargetRef;
}
