import type { AddonClaim, AddonInstance, AddonInstanceKey, AddonInstanceState } from '../domain/addon-instance.js';

/** An open database transaction, opaque to the use cases (the TypeORM EntityManager underneath). */
export interface Transaction {
  readonly __transaction: unique symbol;
}

export interface InstanceFilter {
  cluster?: string;
  namespace?: string;
  addonType?: string;
  addonName?: string;
  state?: AddonInstanceState;
}

export interface ClaimScope {
  appId: string;
  cluster: string;
  namespace: string;
  stage?: string;
}

/** The answer a request got, kept so a repeated request is answered identically. */
export interface StoredAnswer {
  outcome: 'ready' | 'failed';
  data: Record<string, unknown>;
}

/** Port: where instances, their claims, grants and answers are kept. */
export abstract class AddonInstanceRepository {
  abstract inTransaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T>;
  abstract list(filter: InstanceFilter, page: { limit: number; offset: number }): Promise<{ items: AddonInstance[]; total: number }>;
  abstract findById(id: string): Promise<AddonInstance | null>;
  /** INSERT … ON CONFLICT DO NOTHING on the key, in its own transaction: concurrent first applies make one row. */
  abstract insertIfAbsent(instance: AddonInstance): Promise<void>;
  /** SELECT … FOR UPDATE: whoever holds it applies; the others wait and then find it applied. */
  abstract lockByKey(transaction: Transaction, key: AddonInstanceKey): Promise<AddonInstance | null>;
  abstract lockById(transaction: Transaction, id: string): Promise<AddonInstance | null>;
  /** Ids of READY instances the service made (not imported), oldest check first. */
  abstract readyToRecheck(limit: number): Promise<string[]>;
  /** FOR UPDATE SKIP LOCKED: a row another replica holds is left to it (null). */
  abstract tryLock(transaction: Transaction, id: string): Promise<AddonInstance | null>;
  abstract save(transaction: Transaction, instance: AddonInstance): Promise<void>;
  abstract addClaim(transaction: Transaction, claim: AddonClaim): Promise<void>;
  abstract claimsOf(id: string, transaction?: Transaction): Promise<AddonClaim[]>;
  /** Removes an app instance's claims; returns the instances they were on. */
  abstract removeClaims(transaction: Transaction, scope: ClaimScope): Promise<string[]>;
  abstract hasGrant(transaction: Transaction, id: string, consumer: { cluster: string; namespace: string }): Promise<boolean>;
  abstract addGrant(id: string, consumer: { cluster: string; namespace: string }): Promise<void>;
  abstract grantsOf(id: string): Promise<Array<{ cluster: string; namespace: string; createdAt: Date }>>;
  abstract findAnswer(transaction: Transaction, requestId: string): Promise<StoredAnswer | null>;
  abstract saveAnswer(transaction: Transaction, requestId: string, answer: StoredAnswer): Promise<void>;
}
