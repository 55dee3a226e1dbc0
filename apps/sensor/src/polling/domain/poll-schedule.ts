import { hash53 } from '../../fleet/domain/rendezvous.js';
import { afterPoll, FRESH_CADENCE, intervalOf, STABLE_CADENCE, type PollCadence, type PollOutcome } from './adaptive-interval.js';
import { MinHeap } from './min-heap.js';

export interface PollScheduleOptions {
  /** ± share of the interval added at random to each next poll (0.1 = ±10 %). */
  jitter?: number;
  /** In [0, 1); injected so tests are exact. */
  random?: () => number;
  /** Salts the start offsets, as Prometheus salts its scrape offsets, so replicas do not align. */
  offsetSeed?: number;
}

interface Tracked {
  cadence: PollCadence;
  dueAt: number;
  /** New on every (re)schedule; a heap entry with another generation is stale. */
  generation: number;
  inFlight: boolean;
  /** A change was announced while a poll was in flight: the next one is due soon, at the fast interval. */
  hurried: boolean;
}

interface Entry {
  clusterId: string;
  dueAt: number;
  generation: number;
}

/**
 * When each owned cluster is polled next: a min-heap of due times. A newly tracked cluster
 * starts at a hashed offset within its first interval, so a poller taking over thousands of
 * clusters does not poll them all at once; each later poll is due after the adaptive interval
 * plus jitter. A cluster handed out by takeDue is in flight until its outcome is recorded.
 */
export class PollSchedule {
  private readonly heap = new MinHeap<Entry>((a, b) => a.dueAt < b.dueAt);
  private readonly tracked = new Map<string, Tracked>();
  private readonly jitter: number;
  private readonly random: () => number;
  private readonly offsetSeed: number;
  /** Generations come from one counter, so a cluster untracked and tracked again never matches an old entry. */
  private generations = 0;

  constructor(options: PollScheduleOptions = {}) {
    this.jitter = options.jitter ?? 0.1;
    this.random = options.random ?? Math.random;
    this.offsetSeed = options.offsetSeed ?? 0;
  }

  get size(): number {
    return this.tracked.size;
  }

  has(clusterId: string): boolean {
    return this.tracked.has(clusterId);
  }

  /**
   * Starts polling a cluster (idempotent): first poll at its hashed offset within `withinMs` (default: its first
   * interval). A cluster taken over or found at start is assumed stable (nothing announced a change), so it is
   * polled once soon and then backs off from the stable interval unless that poll sees a change.
   */
  track(clusterId: string, now: number, options: { withinMs?: number; cadence?: PollCadence } = {}): void {
    if (this.tracked.has(clusterId)) return;
    const cadence = options.cadence ?? FRESH_CADENCE;
    const window = Math.max(1, options.withinMs ?? intervalOf(cadence));
    const offset = hash53(clusterId, this.offsetSeed) % window;
    this.enqueue(clusterId, { cadence, dueAt: now + offset, generation: ++this.generations, inFlight: false, hurried: false });
  }

  /** Tracks a batch with the stable cadence, first polls spread over `withinMs`. */
  trackStable(clusterIds: Iterable<string>, now: number, withinMs: number): void {
    for (const clusterId of clusterIds) this.track(clusterId, now, { withinMs, cadence: STABLE_CADENCE });
  }

  /** Something changed on the cluster (deploy applied or removed): poll it within `delayMs`, then at the fast interval. */
  hurry(clusterId: string, now: number, delayMs: number): void {
    const tracked = this.tracked.get(clusterId);
    if (tracked === undefined) return;
    if (tracked.inFlight) {
      tracked.hurried = true;
      return;
    }
    const dueAt = Math.min(tracked.dueAt, now + delayMs);
    this.enqueue(clusterId, { cadence: FRESH_CADENCE, dueAt, generation: ++this.generations, inFlight: false, hurried: false });
  }

  untrack(clusterId: string): void {
    // its heap entry stays behind and is dropped when it surfaces
    this.tracked.delete(clusterId);
  }

  /** Pops every cluster due at `now` (at most `limit`), earliest first; each is then in flight. */
  takeDue(now: number, limit = Number.POSITIVE_INFINITY): string[] {
    return this.takeDueEntries(now, limit).map((entry) => entry.clusterId);
  }

  /** As takeDue, with when each was due (for the scheduling lag). */
  takeDueEntries(now: number, limit = Number.POSITIVE_INFINITY): { clusterId: string; dueAt: number }[] {
    const due: { clusterId: string; dueAt: number }[] = [];
    while (due.length < limit) {
      const next = this.heap.peek();
      if (next === undefined || next.dueAt > now) break;
      this.heap.pop();
      const tracked = this.tracked.get(next.clusterId);
      if (tracked === undefined || tracked.generation !== next.generation || tracked.inFlight) continue;
      tracked.inFlight = true;
      due.push({ clusterId: next.clusterId, dueAt: next.dueAt });
    }
    return due;
  }

  /**
   * Records a poll's outcome and schedules the next one; returns when it is due. `delayMs` overrides the
   * adaptive interval (a Retry-After, a back-off after failures).
   */
  record(clusterId: string, outcome: PollOutcome, now: number, delayMs?: number): number | undefined {
    const tracked = this.tracked.get(clusterId);
    if (tracked === undefined) return undefined;
    const cadence = tracked.hurried ? FRESH_CADENCE : afterPoll(tracked.cadence, outcome);
    const interval = intervalOf(cadence);
    const spread = interval * this.jitter * (2 * this.random() - 1);
    const dueAt = tracked.hurried ? now + 1000 : now + (delayMs ?? Math.round(interval + spread));
    this.enqueue(clusterId, { cadence, dueAt, generation: ++this.generations, inFlight: false, hurried: false });
    return dueAt;
  }

  /** When a cluster is next due, or undefined when it is not tracked or in flight. */
  dueAtOf(clusterId: string): number | undefined {
    const tracked = this.tracked.get(clusterId);
    return tracked && !tracked.inFlight ? tracked.dueAt : undefined;
  }

  /** When the earliest live entry is due, or undefined when nothing is scheduled. */
  nextDueAt(): number | undefined {
    for (;;) {
      const next = this.heap.peek();
      if (next === undefined) return undefined;
      const tracked = this.tracked.get(next.clusterId);
      if (tracked !== undefined && tracked.generation === next.generation && !tracked.inFlight) return next.dueAt;
      this.heap.pop();
    }
  }

  static intervalOf(cadence: PollCadence): number {
    return intervalOf(cadence);
  }

  cadenceOf(clusterId: string): PollCadence | undefined {
    return this.tracked.get(clusterId)?.cadence;
  }

  private enqueue(clusterId: string, tracked: Tracked): void {
    this.tracked.set(clusterId, tracked);
    this.heap.push({ clusterId, dueAt: tracked.dueAt, generation: tracked.generation });
  }
}
