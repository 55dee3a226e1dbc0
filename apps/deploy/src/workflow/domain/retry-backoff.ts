import { type RetryPolicy } from '../../applications/domain/application.model.js';

/** Exponential backoff before attempt `attempt + 1`, capped; deterministic so a replayed transition agrees. */
export function backoffDelayMs(policy: RetryPolicy, attemptsSoFar: number): number {
  return Math.min(policy.maxBackoffMs, policy.initialBackoffMs * policy.factor ** Math.max(0, attemptsSoFar - 1));
}
