/** A poller's running figures for /v1/fleet: counters since start and a window of recent scheduling lags. */
export class PollerStats {
  polls = 0;
  failures = 0;
  changes = 0;
  private readonly lags: number[] = [];
  private readonly window: number;
  private readonly started = Date.now();
  private recent: { at: number; polls: number } = { at: Date.now(), polls: 0 };
  private rate = 0;

  constructor(window = 2048) {
    this.window = window;
  }

  polled(lagMs: number, outcome: 'unchanged' | 'changed' | 'failed'): void {
    this.polls++;
    if (outcome === 'failed') this.failures++;
    if (outcome === 'changed') this.changes++;
    this.lags.push(lagMs);
    if (this.lags.length > this.window) this.lags.splice(0, this.lags.length - this.window);
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

  lagPercentile(p: number): number | undefined {
    if (this.lags.length === 0) return undefined;
    const sorted = [...this.lags].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  }

  uptimeMs(now = Date.now()): number {
    return now - this.started;
  }
}
