// What the console reads from the services' APIs (only the fields it shows).

export interface ApplicationSummary {
  appId: string;
  deployments: number;
  latest: { id: string; state: string; reason: string | null; target: Record<string, string>; createdAt: string };
}

export interface AppInstance {
  appId: string;
  stage: string | null;
  cluster: string;
  namespace: string;
  status: string;
  components: Record<string, string>;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface GraphNode {
  id: string;
  kind: string;
  type: string;
  componentId: string;
  step: string | null;
  state: string;
  reason: string | null;
  version: string | null;
  appliedVersion: string | null;
  outputs: Record<string, unknown>;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface DeploymentGraph {
  deploymentId: string;
  appId: string;
  state: string;
  reason: string | null;
  nodes: GraphNode[];
  edges: { from: string; to: string; reason: string; data?: string }[];
  criticalPath: { nodes: string[]; length: number };
  workflow: { status: string; steps: { name: string; state: string; attempts: number }[]; reason?: string } | null;
  history: { subject: string; from: string; to: string; reason?: string; at: string }[];
}

export interface Cluster {
  id: string;
  unitId: string;
  name: string;
}
