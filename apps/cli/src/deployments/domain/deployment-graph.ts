/** The deploy service's answers as amctl reads them (GET /v1/deployments/{id}/graph, POST /v1/deployments:plan). */

export interface GraphNodeView {
  /** `TYPE|NAME`, `TYPE|NAME#trait` */
  id: string;
  kind: string;
  type: string;
  /** The deploy step whose DAG ran it; null for nodes no step has reached yet. */
  step: string | null;
  state: string;
  reason: string | null;
}

export interface StepView {
  name: string;
  state: string;
  reason?: string;
  child?: { steps: StepView[] };
}

export interface DeploymentGraph {
  deploymentId: string;
  appId: string;
  state: string;
  reason: string | null;
  nodes: GraphNodeView[];
  edges: { from: string; to: string; reason: string }[];
  levels: string[][];
  criticalPath: { nodes: string[]; length: number };
  workflow: { status: string; steps: StepView[] } | null;
  history: { subject: string; from: string; to: string; reason?: string; at: string }[];
}

export interface DeploymentPlan {
  appId: string;
  name: string;
  target: Record<string, string | undefined>;
  nodes: { id: string; kind: string; type: string; provider?: string; manifests: unknown[]; note?: string }[];
  edges: { from: string; to: string; reason: string }[];
  levels: string[][];
  criticalPath: { nodes: string[]; length: number };
  workflow: { mode: string; steps: { name: string; type: string }[] };
  deploySteps: { step: string; type: string; components: string[] }[];
}

export const FINAL_STATES: readonly string[] = ['SUCCESS', 'FAILURE', 'TERMINATED'];

export const isFinal = (state: string): boolean => FINAL_STATES.includes(state);

/** Every step of a workflow, nested ones as `parent/child`, depth first. */
export function flattenSteps(steps: StepView[], prefix = ''): (StepView & { path: string; depth: number })[] {
  return steps.flatMap((step) => [
    { ...step, path: `${prefix}${step.name}`, depth: prefix.split('/').length - 1 },
    ...flattenSteps(step.child?.steps ?? [], `${prefix}${step.name}/`),
  ]);
}

/** What can change while a deployment runs, each under a stable key: its state, each step's and each node's. */
export function stateSnapshot(graph: DeploymentGraph): Map<string, string> {
  const snapshot = new Map<string, string>();
  for (const node of graph.nodes) {
    snapshot.set(`node ${node.id}${node.step ? ` [${node.step}]` : ''}`, withReason(node.state, node.reason));
  }
  for (const step of flattenSteps(graph.workflow?.steps ?? [])) snapshot.set(`step ${step.path}`, withReason(step.state, step.reason));
  // last, so that the deployment's own line closes each batch of changes (and the output when it is final)
  snapshot.set('deployment', withReason(graph.state, graph.reason));
  return snapshot;
}

/** One line per thing whose state changed since `before` (everything, the first time): the plain form of `status -w`. */
export function changedLines(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([key, value]) => before.get(key) !== value).map(([key, value]) => `${key} ${value}`);
}

const withReason = (state: string, reason: string | null | undefined): string => (reason ? `${state} (${reason})` : state);
