import { Inject, Injectable } from '@nestjs/common';
import { type ApplicationModel, type JsonValue } from '../../applications/domain/application.model.js';
import { DagScheduler } from '../../dag/domain/dag-scheduler.js';
import { buildDeploymentDag, type DagNode, type DeploymentDag } from '../../dag/domain/deployment-dag.js';
import { type NodeState, nodeStateMachine } from '../../dag/domain/node-state.machine.js';
import { type KubePort } from '../../plugin-host/application/plugin.gateway.js';
import { DeploymentMetrics } from './deployment.metrics.js';
import { EXECUTION_CONFIG, type ExecutionConfig } from './execution.config.js';
import { NodeExecutor, type NodeOutcome } from './node.executor.js';
import { type HistoryEntry, type NodeAnnouncement, type NodeRecord, type RunRecord } from './run.records.js';
import { RunStore } from './run.store.js';

export interface DagRunOptions {
  /** Put WAIT_FOR_OP / FAILURE nodes back to CREATED first (every attempt of a step does). */
  retry: boolean;
  /** The step (its path) whose DAG this is: its nodes are kept apart from other steps'. */
  step: string;
  /** `destroy`: each node removes what it applied, dependants first (undeploy). */
  mode?: 'apply' | 'destroy';
  /** Data outputs known beforehand (an undeploy renders with what the deployment it removes produced). */
  dataValues?: Record<string, JsonValue>;
}

export type DagResult = { outcome: 'success' } | { outcome: 'wait_for_op' | 'failure' | 'terminated'; reason: string };

const emptyRecord = (step: string, nodeId: string): NodeRecord => ({
  step,
  nodeId,
  state: 'CREATED',
  version: null,
  appliedVersion: null,
  reason: null,
  outputs: {},
  workload: null,
  startedAt: null,
  finishedAt: null,
});

/** History subject of a node: its id and the deploy step whose DAG it is in. */
export const nodeSubject = (record: Pick<NodeRecord, 'nodeId' | 'step'>) => `node:${record.nodeId}@${record.step}`;

/**
 * Runs the component DAG of one deploy step (`step`: its path): ready nodes in parallel up to DEPLOY_MAX_PARALLEL,
 * each node's state persisted at every transition under that step. Picks up where persisted node states say it
 * stopped (after a crash, or a retry that put WAIT_FOR_OP/FAILURE nodes back to CREATED).
 */
@Injectable()
export class DagExecutor {
  constructor(
    @Inject(RunStore) private readonly store: RunStore,
    @Inject(NodeExecutor) private readonly nodes: NodeExecutor,
    @Inject(EXECUTION_CONFIG) private readonly config: ExecutionConfig,
    @Inject(DeploymentMetrics) private readonly metrics: DeploymentMetrics,
  ) {}

  async run(run: RunRecord, app: ApplicationModel, kube: KubePort, signal: AbortSignal, options: DagRunOptions): Promise<DagResult> {
    const { retry, step, mode = 'apply' } = options;
    // destroying walks the graph backwards: a dependant goes before what it depends on
    const dag = mode === 'destroy' ? reversed(buildDeploymentDag(app)) : buildDeploymentDag(app);
    const records = new Map((await this.store.nodes(run.deploymentId)).filter((r) => r.step === step).map((r) => [r.nodeId, r]));
    for (const node of dag.nodes) if (!records.has(node.id)) records.set(node.id, emptyRecord(step, node.id));
    const scheduler = new DagScheduler(
      dag,
      Object.fromEntries([...records].map(([id, r]) => [id, r.state])),
      this.config.DEPLOY_MAX_PARALLEL,
    );
    // transitions held in memory until the node's next write (see `begin`)
    const pending = new Map<string, HistoryEntry[]>();
    const save = async (record: NodeRecord, reason?: string, announcements: NodeAnnouncement[] = []) => {
      const before = records.get(record.nodeId) as NodeRecord;
      const history: HistoryEntry[] = [...(pending.get(record.nodeId) ?? [])];
      pending.delete(record.nodeId);
      if (before.state !== record.state)
        history.push({ subject: nodeSubject(record), from: before.state, to: record.state, at: new Date(), ...(reason ? { reason } : {}) });
      if (before.state !== record.state) nodeStateMachine.transition(before.state, record.state);
      records.set(record.nodeId, record);
      await this.store.saveNode(run.deploymentId, run.appId, record, history, announcements);
      const kind = dag.nodes.find((n) => n.id === record.nodeId)?.kind;
      if (kind) this.metrics.nodeMoved(kind, before.state, record);
    };
    /**
     * A component node applies nothing before it has persisted the version it chose, so its PROCESSING can go in
     * that same write: a crash before it leaves the node CREATED, to be started again, with nothing applied.
     * Any other node (a trait applies its objects first) persists PROCESSING at once.
     */
    const begin = async (node: DagNode) => {
      const before = records.get(node.id) as NodeRecord;
      const processing: NodeRecord = { ...before, state: 'PROCESSING', startedAt: new Date(), reason: null };
      if (mode !== 'apply' || node.kind !== 'component') return save(processing);
      nodeStateMachine.transition(before.state, 'PROCESSING');
      pending.set(node.id, [{ subject: nodeSubject(processing), from: before.state, to: 'PROCESSING', at: processing.startedAt as Date }]);
      records.set(node.id, processing);
    };
    if (retry) {
      for (const id of scheduler.retry())
        await save({ ...(records.get(id) as NodeRecord), state: 'CREATED', reason: null, finishedAt: null });
    }
    const running = new Map<string, Promise<void>>();
    const launch = (node: DagNode, fresh: boolean) => {
      const task = (async () => {
        if (fresh) {
          scheduler.transition(node.id, 'PROCESSING');
          await begin(node);
        }
        const nodeRun = {
          scope: {
            app,
            target: run.target as NonNullable<RunRecord['target']>,
            deploymentId: run.deploymentId,
            correlationId: run.correlationId,
            now: new Date(),
            dataValues: { ...options.dataValues, ...dataValues(records) },
            kube,
          },
          node,
          record: records.get(node.id) as NodeRecord,
          records,
          persist: (record: NodeRecord, announcements?: NodeAnnouncement[]) => save(record, undefined, announcements),
          signal,
        };
        const outcome = mode === 'destroy' ? await this.nodes.destroy(nodeRun) : await this.nodes.execute(nodeRun);
        // stopped by terminate: whatever the node says now, its persisted TERMINATED stands
        if (!signal.aborted) await this.finish(node.id, outcome, scheduler, records, save);
      })().finally(() => running.delete(node.id));
      running.set(node.id, task);
    };
    const byId = new Map(dag.nodes.map((n) => [n.id, n]));
    for (const id of scheduler.inFlight()) launch(byId.get(id) as DagNode, false);
    for (;;) {
      if (!signal.aborted) for (const id of scheduler.ready()) launch(byId.get(id) as DagNode, true);
      if (running.size === 0) break;
      await Promise.race(running.values());
    }
    return result(scheduler, records, signal);
  }

  private async finish(
    id: string,
    outcome: NodeOutcome,
    scheduler: DagScheduler,
    records: Map<string, NodeRecord>,
    save: (r: NodeRecord, reason?: string, announcements?: NodeAnnouncement[]) => Promise<void>,
  ): Promise<void> {
    const record = records.get(id) as NodeRecord;
    const state: NodeState = outcome.state;
    if (outcome.state === 'TERMINATED') return;
    // a node stopped by suspend/terminate goes back to CREATED only through retry; terminate marks it
    if (!nodeStateMachine.canTransition(scheduler.state(id), state)) return;
    scheduler.transition(id, state);
    const reason = 'reason' in outcome ? outcome.reason : undefined;
    await save(
      {
        ...record,
        state,
        reason: reason ?? null,
        finishedAt: new Date(),
        ...(outcome.state === 'SUCCESS' ? { outputs: outcome.outputs, workload: outcome.workload ?? null } : {}),
      },
      reason,
      outcome.state === 'SUCCESS' ? outcome.announcements : undefined,
    );
  }

  /** Marks every unfinished node of every step that began TERMINATED (terminate of the deployment). */
  async terminate(run: RunRecord, reason: string): Promise<void> {
    for (const record of await this.store.nodes(run.deploymentId)) {
      if (!nodeStateMachine.canTransition(record.state, 'TERMINATED') || record.state === 'SUCCESS' || record.state === 'FAILURE') continue;
      await this.store.saveNode(run.deploymentId, run.appId, { ...record, state: 'TERMINATED', reason, finishedAt: new Date() }, [
        { subject: nodeSubject(record), from: record.state, to: 'TERMINATED', reason, at: new Date() },
      ]);
    }
  }
}

function reversed(dag: DeploymentDag): DeploymentDag {
  return { nodes: dag.nodes, edges: dag.edges.map((e) => ({ ...e, from: e.to, to: e.from })) };
}

function dataValues(records: ReadonlyMap<string, NodeRecord>): Record<string, JsonValue> {
  const values: Record<string, JsonValue> = {};
  for (const record of records.values()) Object.assign(values, record.outputs);
  return values;
}

function result(scheduler: DagScheduler, records: ReadonlyMap<string, NodeRecord>, signal: AbortSignal): DagResult {
  const reasons = (state: NodeState) =>
    [...records.values()]
      .filter((r) => r.state === state)
      .map((r) => `${r.nodeId}: ${r.reason ?? state}`)
      .join('; ');
  if (signal.aborted) return { outcome: 'terminated', reason: 'stopped' };
  const outcome = scheduler.outcome();
  if (outcome === 'success') return { outcome };
  if (outcome === 'wait_for_op') return { outcome, reason: reasons('WAIT_FOR_OP') };
  if (outcome === 'failure') return { outcome, reason: reasons('FAILURE') };
  return { outcome: 'terminated', reason: reasons('TERMINATED') || 'terminated' };
}
