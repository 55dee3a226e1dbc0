import { type DagNodeKind } from '../../dag/domain/deployment-dag.js';
import { type NodeState } from '../../dag/domain/node-state.machine.js';
import { type DeploymentState } from '../../workflow/domain/deployment-state.machine.js';
import { type NodeRecord, type RunRecord } from './run.records.js';

/** States a deployment ends a run in (FAILURE may be retried later: a retry is a new outcome). */
export const deploymentOutcomes: readonly DeploymentState[] = ['SUCCESS', 'FAILURE', 'TERMINATED'];
/** States a node's attempt ends in. */
export const nodeOutcomes: readonly NodeState[] = ['SUCCESS', 'FAILURE', 'WAIT_FOR_OP', 'TERMINATED'];

/** Port: what deployments and their nodes tell the operators' dashboards, told after each change is committed. */
export abstract class DeploymentMetrics {
  /** The run moved from `from` to `run.state`. */
  abstract runMoved(from: DeploymentState, run: RunRecord): void;
  /** The node moved from `from` to `record.state`. */
  abstract nodeMoved(kind: DagNodeKind, from: NodeState, record: NodeRecord): void;
}
