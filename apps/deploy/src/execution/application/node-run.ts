import { type JsonObject, type JsonValue } from '../../applications/domain/application.model.js';
import { type DagNode } from '../../dag/domain/deployment-dag.js';
import { type KubePort } from '../../plugin-host/application/plugin.gateway.js';
import { type RenderScope } from '../../rendering/application/component.renderer.js';
import { type NodeAnnouncement, type NodeRecord } from './run.records.js';

export interface NodeRun {
  scope: RenderScope & { kube: KubePort };
  node: DagNode;
  record: NodeRecord;
  /** Records of every node of the DAG (for the chain's workloads). */
  records: ReadonlyMap<string, NodeRecord>;
  /** Persists an intermediate step (version chosen, objects applied), with what it announces, before going on. */
  persist(record: NodeRecord, announcements?: NodeAnnouncement[]): Promise<void>;
  signal: AbortSignal;
}

export type NodeOutcome =
  | { state: 'SUCCESS'; outputs: Record<string, JsonValue>; workload?: JsonObject; announcements?: NodeAnnouncement[] }
  | { state: 'WAIT_FOR_OP' | 'FAILURE'; reason: string }
  | { state: 'TERMINATED'; reason: string };
