/**
 * A poller's running figures for /v1/fleet: counters since start, and the scheduling lags of the polls of the last
 * `windowMs` (a time window, so a burst long past does not colour today's percentiles), at most `maxSamples` of them.
 */
export class PollerStats {
  polls = 0;
  failures = 0;
  changes = 0;
  private lags: { at: number; lag: number }[] = [];
  private readonly started = Date.now();
  private recent: { at: number; polls: number } = { at: Date.now(), polls: 0 };
  private rate = 0;

  constructor(
    private readonly windowMs = 30_000,
    private readonly maxSamples = 20_000,
  ) {}

  polled(lagMs: number, outcome: 'unchanged' | 'changed' | 'failed', now = Date.now()): void {
    this.polls++;
    if (outcome === 'failed') this.failures++;
    if (outcome === 'changed') this.changes++;
    this.lags.push({ at: now, lag: lagMs });
    if (this.lags.length > this.maxSamples * 2) this.lags = this.lags.slice(-this.maxSamples);
  }

  /** Polls per second over the time since the last call (at most every second). */
  pollsPerSecond(now = Date.now()): number {
    const elapsed = now - this.recent.at;
    if (elapsed >= 1000) {
      this.rate = ((this.polls - this.recent.polls) * 1000) / elapsed;
      this.recent = { at: now, polls: this.polls };
    }
    return this.rate;
  }

  lagPercentile(p: number, now = Date.now()): number | undefined {
    const since = now - this.windowMs;
    const recent = this.lags.filter((sample) => sample.at >= since).slice(-this.maxSamples);
    if (recent.length === 0) return undefined;
    const sorted = recent.map((sample) => sample.lag).sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  }

  uptimeMs(now = Date.now()): number {
    return now - this.started;
  }
}
