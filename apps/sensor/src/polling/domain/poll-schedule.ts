import { hash53 } from '../../fleet/domain/rendezvous.js';
import { afterPoll, FRESH_CADENCE, intervalOf, type PollCadence, type PollOutcome } from './adaptive-interval.js';
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

  /** Starts polling a cluster (idempotent): first poll at its hashed offset. */
  track(clusterId: string, now: number): void {
    if (this.tracked.has(clusterId)) return;
    const interval = intervalOf(FRESH_CADENCE);
    const offset = hash53(clusterId, this.offsetSeed) % interval;
    this.enqueue(clusterId, { cadence: FRESH_CADENCE, dueAt: now + offset, generation: ++this.generations, inFlight: false });
  }

  untrack(clusterId: string): void {
    // its heap entry stays behind and is dropped when it surfaces
    this.tracked.delete(clusterId);
  }

  /** Pops every cluster due at `now` (at most `limit`), earliest first; each is then in flight. */
  takeDue(now: number, limit = Number.POSITIVE_INFINITY): string[] {
    const due: string[] = [];
    while (due.length < limit) {
      const next = this.heap.peek();
      if (next === undefined || next.dueAt > now) break;
      this.heap.pop();
      const tracked = this.tracked.get(next.clusterId);
      if (tracked === undefined || tracked.generation !== next.generation || tracked.inFlight) continue;
      tracked.inFlight = true;
      due.push(next.clusterId);
    }
    return due;
  }

  /** Records a poll's outcome and schedules the next one; returns when it is due. */
  record(clusterId: string, outcome: PollOutcome, now: number): number | undefined {
    const tracked = this.tracked.get(clusterId);
    if (tracked === undefined) return undefined;
    const cadence = afterPoll(tracked.cadence, outcome);
    const interval = intervalOf(cadence);
    const spread = interval * this.jitter * (2 * this.random() - 1);
    const dueAt = now + Math.round(interval + spread);
    this.enqueue(clusterId, { cadence, dueAt, generation: ++this.generations, inFlight: false });
    return dueAt;
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

  cadenceOf(clusterId: string): PollCadence | undefined {
    return this.tracked.get(clusterId)?.cadence;
  }

  private enqueue(clusterId: string, tracked: Tracked): void {
    this.tracked.set(clusterId, tracked);
    this.heap.push({ clusterId, dueAt: tracked.dueAt, generation: tracked.generation });
  }
}
