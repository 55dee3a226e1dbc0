import { Inject, Injectable } from '@nestjs/common';
import { criticalPath, parallelLevels } from '../../dag/domain/dag-analysis.js';
import { buildDeploymentDag, type DagEdge, type DagNode } from '../../dag/domain/deployment-dag.js';
import { type WorkflowRun } from '../../workflow/domain/workflow-run.js';
import { RunNotFoundError } from '../domain/run.errors.js';
import { type HistoryEntry, type NodeRecord, isRunId } from './run.records.js';
import { RunStore } from './run.store.js';

export interface DeploymentGraphView {
  deploymentId: string;
  appId: string;
  state: string;
  reason: string | null;
  /** A node per deploy step that ran it (`step`), and the nodes no step has reached yet (`step: null`). */
  nodes: (DagNode & Omit<NodeRecord, 'nodeId' | 'workload' | 'step'> & { step: string | null })[];
  edges: DagEdge[];
  levels: string[][];
  /** Weighted by measured node durations (ms) where a node has run. */
  criticalPath: { nodes: string[]; length: number };
  workflow: WorkflowRun | null;
  history: HistoryEntry[];
}

/** A deployment with its live node and step states, its graph and its transition history. */
@Injectable()
export class DescribeDeploymentUseCase {
  constructor(@Inject(RunStore) private readonly store: RunStore) {}

  async execute(id: string): Promise<DeploymentGraphView> {
    const view = await this.find(id);
    if (!view) throw new RunNotFoundError(`deployment "${id}" not found (or not picked up by a runner yet)`);
    return view;
  }

  /** undefined when no runner has taken the deployment up (or there is no such deployment). */
  async find(id: string): Promise<DeploymentGraphView | undefined> {
    const run = isRunId(id) ? await this.store.load(id) : undefined;
    if (!run) return undefined;
    const [records, history] = await Promise.all([this.store.nodes(id), this.store.history(id)]);
    const dag = run.application ? buildDeploymentDag(run.application) : { nodes: [], edges: [] };
    const dagNodes = new Map(dag.nodes.map((n) => [n.id, n]));
    // the critical path is weighed by the time each node took, over all the steps that ran it
    const duration = (nodeId: string) =>
      records
        .filter((r) => r.nodeId === nodeId && r.startedAt && r.finishedAt)
        .reduce((sum, r) => sum + ((r.finishedAt as Date).getTime() - (r.startedAt as Date).getTime()), 0);
    const reached = new Set(records.map((r) => r.nodeId));
    // steps in the order they ran, nodes in the DAG's order within a step
    const order = new Map(dag.nodes.map((n, i) => [n.id, i]));
    const began = (step: string) =>
      Math.min(...records.filter((r) => r.step === step).map((r) => r.startedAt?.getTime() ?? Number.MAX_SAFE_INTEGER));
    records.sort((a, b) => (a.step === b.step ? (order.get(a.nodeId) ?? 0) - (order.get(b.nodeId) ?? 0) : began(a.step) - began(b.step)));
    return {
      deploymentId: run.deploymentId,
      appId: run.appId,
      state: run.state,
      reason: run.reason,
      nodes: [
        ...records.map(({ nodeId, workload: _workload, ...record }) => ({
          ...(dagNodes.get(nodeId) ?? { id: nodeId, kind: 'component' as const, componentId: nodeId, type: '' }),
          ...record,
        })),
        ...dag.nodes
          .filter((node) => !reached.has(node.id))
          .map((node) => ({
            ...node,
            step: null,
            state: 'CREATED' as const,
            version: null,
            appliedVersion: null,
            reason: null,
            outputs: {},
            startedAt: null,
            finishedAt: null,
          })),
      ],
      edges: dag.edges,
      levels: parallelLevels(dag),
      criticalPath: criticalPath(dag, duration),
      workflow: run.workflow,
      history,
    };
  }
}
