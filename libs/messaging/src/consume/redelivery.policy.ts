/** Delay before the next attempt after `deliveryCount` failed ones; the last delay repeats. */
export function redeliveryDelayMs(backoffMs: readonly number[], deliveryCount: number): number {
  const index = Math.min(Math.max(deliveryCount, 1), backoffMs.length) - 1;
  return backoffMs[index] ?? 0;
}
