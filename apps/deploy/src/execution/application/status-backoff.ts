/** Delays between status checks: quick at first, then backing off to a ceiling (no busy polling). */
export function* statusBackoff(initialMs = 200, factor = 1.6, maxMs = 5000): Generator<number, never> {
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
