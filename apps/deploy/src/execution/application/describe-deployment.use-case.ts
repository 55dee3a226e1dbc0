import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { criticalPath, parallelLevels } from '../../dag/domain/dag-analysis.js';
import { buildDeploymentDag, type DagEdge, type DagNode } from '../../dag/domain/deployment-dag.js';
import { type WorkflowRun } from '../../workflow/domain/workflow-run.js';
import { type HistoryEntry, type NodeRecord } from './run.records.js';
import { RunStore } from './run.store.js';

export interface DeploymentGraphView {
  deploymentId: string;
  appId: string;
  state: string;
  reason: string | null;
  nodes: (DagNode & Omit<NodeRecord, 'nodeId' | 'workload'>)[];
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
    const run = await this.store.load(id).catch(() => undefined);
    if (!run) throw new NotFoundException(`deployment "${id}" not found (or not picked up by a runner yet)`);
    const [records, history] = await Promise.all([this.store.nodes(id), this.store.history(id)]);
    const byId = new Map(records.map((r) => [r.nodeId, r]));
    const dag = run.application ? buildDeploymentDag(run.application) : { nodes: [], edges: [] };
    const duration = (nodeId: string) => {
      const r = byId.get(nodeId);
      return r?.startedAt && r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : 0;
    };
    return {
      deploymentId: run.deploymentId,
      appId: run.appId,
      state: run.state,
      reason: run.reason,
      nodes: dag.nodes.map((node) => {
        const { nodeId: _id, workload: _workload, ...record } = byId.get(node.id) ?? {
          nodeId: node.id, workload: null, state: 'CREATED' as const, version: null, appliedVersion: null, reason: null, outputs: {}, startedAt: null, finishedAt: null,
        };
        return { ...node, ...record };
      }),
      edges: dag.edges,
      levels: parallelLevels(dag),
      criticalPath: criticalPath(dag, duration),
      workflow: run.workflow,
      history,
    };
  }
}
