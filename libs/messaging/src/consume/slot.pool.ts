/** Counts handlers in flight so the puller asks for no more messages than there are free slots. */
export class SlotPool {
  private used = 0;
  private readonly running = new Set<Promise<void>>();
  private waiters: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`concurrency must be a positive integer, got ${size}`);
  }

  get free(): number {
    return this.size - this.used;
  }

  get inFlight(): number {
    return this.used;
  }

  /** Runs `work` in a slot; the caller checked that one is free. `work` reports its own failures. */
  run(work: () => Promise<void>): void {
    this.used += 1;
    const done = work()
      .catch(() => undefined)
      .finally(() => {
        this.used -= 1;
        this.running.delete(done);
        const waiters = this.waiters;
        this.waiters = [];
        for (const wake of waiters) wake();
      });
    this.running.add(done);
  }

  /** Resolves when a slot frees up (or at once if one is free). */
  whenFree(): Promise<void> {
    if (this.free > 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Resolves when every running piece of work has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
