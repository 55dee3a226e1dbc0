import { type RetryPolicy } from '../../applications/domain/application.model.js';

/**
 * Exponential backoff before attempt `attempt + 1`, capped. Hand-written on purpose: the delay is persisted with the
 * workflow run and recomputed when a transition is replayed, so it must be a pure function of (policy, attempts);
 * cockatiel's backoffs are stateful iterators, jittered by default, and its unjittered one ignores `factor`.
 */
export function backoffDelayMs(policy: RetryPolicy, attemptsSoFar: number): number {
  return Math.min(policy.maxBackoffMs, policy.initialBackoffMs * policy.factor ** Math.max(0, attemptsSoFar - 1));
}
