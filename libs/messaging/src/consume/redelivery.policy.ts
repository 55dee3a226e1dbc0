import { IterableBackoff } from 'cockatiel';

/**
 * Delay before the next attempt after `deliveryCount` failed ones; the last delay repeats.
 * Not jittered: the delays are the consumer's documented `backoffMs`, sent as JetStream nak delays (ADR 0004).
 */
export function redeliveryDelayMs(backoffMs: readonly number[], deliveryCount: number): number {
  let backoff = new IterableBackoff(backoffMs).next(undefined);
  for (let attempt = 1; attempt < deliveryCount; attempt++) backoff = backoff.next(undefined);
  return backoff.duration ?? 0;
}
