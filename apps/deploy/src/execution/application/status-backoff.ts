import { ExponentialBackoff, noJitterGenerator } from 'cockatiel';

/**
 * Delays between status checks: quick at first, then backing off to a ceiling (no busy polling). The first wait is
 * short because a workload that is not ready at the first check is often ready moments later (a Deployment whose
 * pods start at once); 50 ms doubling reaches the ceiling within ~6 s, two checks more than 200 ms × 1.6 did.
 * Not jittered: each node polls its own objects, so there is no herd to spread.
 */
export function* statusBackoff(initialMs = 50, maxMs = 5000): Generator<number, never> {
  let backoff = new ExponentialBackoff({ generator: noJitterGenerator, initialDelay: initialMs, maxDelay: maxMs }).next();
  for (;;) {
    yield backoff.duration;
    backoff = backoff.next(undefined);
  }
}

/** A timer that an AbortSignal can cut short; it never blocks the event loop. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
