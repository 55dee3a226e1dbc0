/**
 * Delays between status checks: quick at first, then backing off to a ceiling (no busy polling). The first wait is
 * short because a workload that is not ready at the first check is often ready moments later (a Deployment whose
 * pods start at once); 50 ms doubling reaches the ceiling within ~6 s, two checks more than 200 ms × 1.6 did.
 */
export function* statusBackoff(initialMs = 50, factor = 2, maxMs = 5000): Generator<number, never> {
  let delay = initialMs;
  for (;;) {
    yield delay;
    delay = Math.min(maxMs, Math.round(delay * factor));
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
