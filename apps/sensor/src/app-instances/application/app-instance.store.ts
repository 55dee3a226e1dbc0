import type { Transaction } from '@appmanager/persistence';
import type { AppInstanceStatus } from '../../instances/domain/instance-status.js';

export interface AppInstanceKey {
  appId: string;
  /** '' when deployed without a stage. */
  stage: string;
  cluster: string;
  namespace: string;
}

export interface AppInstance extends AppInstanceKey {
  status: AppInstanceStatus;
  /** `TYPE|NAME` → status, in component order. */
  components: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
}

export interface HistoryEntry {
  subject: string;
  status: string;
  previousStatus: string;
  message: string | null;
  at: Date;
}

export interface AppInstanceFilter {
  appId?: string;
  stage?: string;
  cluster?: string;
  status?: string;
}

/** Port: app instances, their history and their components' history. */
export abstract class AppInstanceStore {
  /** Locks the app instance for the transaction and returns it with its component statuses as stored now. */
  abstract lockForAggregation(
    key: AppInstanceKey,
    transaction: Transaction,
  ): Promise<{ current: AppInstance | undefined; components: Record<string, string> }>;
  abstract save(instance: AppInstance, previous: AppInstanceStatus | undefined, transaction: Transaction): Promise<void>;
  abstract list(filter: AppInstanceFilter, page: { limit: number; offset: number }): Promise<{ items: AppInstance[]; total: number }>;
  abstract get(key: AppInstanceKey): Promise<AppInstance | undefined>;
  /** The app instance's and its components' status changes, newest first. */
  abstract history(key: AppInstanceKey, limit: number): Promise<HistoryEntry[]>;
}
