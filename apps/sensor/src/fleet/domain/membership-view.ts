/**
 * What one poller believes about the pollers of its unit: who was heard from, and when. A
 * member whose heartbeat has not been heard within the TTL is gone, whether or not the bucket
 * has expired its key yet (nats-server 2.9 tells no watcher when max_age removes a key), so
 * a dead poller's clusters are taken over at most TTL after its last heartbeat.
 */
export class MembershipView {
  private readonly lastHeard = new Map<string, number>();

  constructor(private readonly ttlMs: number) {}

  heard(pollerId: string, at: number): void {
    const previous = this.lastHeard.get(pollerId);
    if (previous === undefined || at > previous) this.lastHeard.set(pollerId, at);
  }

  /** A poller that left on purpose (its key was deleted). */
  left(pollerId: string): void {
    this.lastHeard.delete(pollerId);
  }

  /** The live pollers at `now`, sorted, so equal views compare equal. */
  live(now: number): string[] {
    const live: string[] = [];
    for (const [pollerId, heardAt] of this.lastHeard) {
      if (now - heardAt <= this.ttlMs) live.push(pollerId);
      // forget the long dead, so the map does not grow with every restart
      else if (now - heardAt > 10 * this.ttlMs) this.lastHeard.delete(pollerId);
    }
    return live.sort();
  }
}
