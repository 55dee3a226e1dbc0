import { type Graph, predecessors } from './dag-analysis.js';
import { activeNodeStates, type NodeState, nodeStateMachine } from './node-state.machine.js';

export type DagOutcome = 'running' | 'success' | 'wait_for_op' | 'failure' | 'terminated';

/**
 * Decides which nodes may start: a CREATED node whose predecessors all succeeded, no more than `maxParallel`
 * in flight at once. It holds no timers and does no I/O, so it can be rebuilt from persisted node states
 * after a crash and carry on where the last replica stopped.
 */
export class DagScheduler {
  private readonly preds: Map<string, string[]>;
  private readonly states: Map<string, NodeState>;

  constructor(
    private readonly graph: Graph,
    states: Readonly<Record<string, NodeState>>,
    private readonly maxParallel: number,
  ) {
    if (!Number.isInteger(maxParallel) || maxParallel < 1)
      throw new RangeError(`maxParallel must be a positive integer, got ${maxParallel}`);
    this.preds = predecessors(graph);
    this.states = new Map(graph.nodes.map((n) => [n.id, states[n.id] ?? 'CREATED']));
  }

  state(id: string): NodeState {
    const state = this.states.get(id);
    if (state === undefined) throw new RangeError(`no node "${id}" in this DAG`);
    return state;
  }

  snapshot(): Record<string, NodeState> {
    return Object.fromEntries(this.states);
  }

  /** Nodes already in flight (after a restart these must be continued, not started afresh). */
  inFlight(): string[] {
    return [...this.states].filter(([, s]) => activeNodeStates.includes(s)).map(([id]) => id);
  }

  /** Ready nodes, in declaration order, as many as the bound leaves room for. Does not change state. */
  ready(): string[] {
    const room = this.maxParallel - this.inFlight().length;
    if (room <= 0) return [];
    return this.graph.nodes
      .map((n) => n.id)
      .filter((id) => this.states.get(id) === 'CREATED' && (this.preds.get(id) ?? []).every((p) => this.states.get(p) === 'SUCCESS'))
      .slice(0, room);
  }

  /** Moves a node, enforcing the component state machine. */
  transition(id: string, to: NodeState): void {
    this.states.set(id, nodeStateMachine.transition(this.state(id), to));
  }

  /** Puts every node that needs an operator, failed or was terminated back to CREATED. */
  retry(): string[] {
    const retried = [...this.states].filter(([, s]) => s === 'WAIT_FOR_OP' || s === 'FAILURE' || s === 'TERMINATED').map(([id]) => id);
    for (const id of retried) this.transition(id, 'CREATED');
    return retried;
  }

  /** Terminates every node that has not finished. */
  terminate(): string[] {
    const stopped = [...this.states]
      .filter(([, s]) => s === 'CREATED' || activeNodeStates.includes(s) || s === 'WAIT_FOR_OP')
      .map(([id]) => id);
    for (const id of stopped) this.transition(id, 'TERMINATED');
    return stopped;
  }

  /** Overall outcome: running while anything is in flight or can still start. */
  outcome(): DagOutcome {
    const all = [...this.states.values()];
    if (all.every((s) => s === 'SUCCESS')) return 'success';
    if (this.inFlight().length > 0 || this.ready().length > 0) return 'running';
    if (all.includes('WAIT_FOR_OP')) return 'wait_for_op';
    if (all.includes('FAILURE')) return 'failure';
    if (all.includes('TERMINATED')) return 'terminated';
    return 'running';
  }
}
