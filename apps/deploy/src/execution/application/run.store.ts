import {
  type HistoryEntry,
  type NodeAnnouncement,
  type NodeRecord,
  type Operation,
  type OperationKind,
  type RunRecord,
} from './run.records.js';
import { type JsonObject } from '../../applications/domain/application.model.js';

/** A change to a run and what to announce about it, committed together. */
export interface RunChange {
  run: RunRecord;
  history: HistoryEntry[];
}

/** Port: deployment runs, their nodes, leases and queued operations. Every write is one transaction with its events. */
export abstract class RunStore {
  /** Creates run rows for newly launched (CREATED) deployments; idempotent across replicas. */
  abstract adoptLaunched(): Promise<void>;
  /** Leases up to `limit` unfinished runs nobody holds (or whose holder stopped renewing). */
  abstract claim(owner: string, ttlMs: number, limit: number): Promise<string[]>;
  /** Extends the leases; returns the ids still held (a lost lease means stop working on it). */
  abstract renew(owner: string, ids: string[], ttlMs: number): Promise<string[]>;
  abstract release(owner: string, id: string): Promise<void>;
  abstract load(id: string): Promise<RunRecord | undefined>;
  /** Locks the run, applies `change` and commits it with its history and events; `change` may return null for no change. */
  abstract update(id: string, change: (run: RunRecord) => RunChange | null): Promise<RunRecord>;
  abstract nodes(id: string): Promise<NodeRecord[]>;
  /** Writes the node, its history and, for each transition and announcement, its event: all or nothing. */
  abstract saveNode(
    id: string,
    appId: string,
    node: NodeRecord,
    history: HistoryEntry[],
    announcements?: NodeAnnouncement[],
  ): Promise<void>;
  abstract history(id: string): Promise<HistoryEntry[]>;
  /** Queues an operation for the replica driving the run; `transaction` is an inbox's open transaction, if any. */
  abstract enqueue(id: string, kind: OperationKind, payload: JsonObject, transaction?: unknown): Promise<void>;
  /** Queued operations of these runs, oldest first. */
  abstract pendingOperations(ids: string[]): Promise<Operation[]>;
  abstract completeOperation(operationId: string): Promise<void>;
}
