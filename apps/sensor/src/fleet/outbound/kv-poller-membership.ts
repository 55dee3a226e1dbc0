import { Kvm, type KV, type KvWatchEntry } from '@nats-io/kv';
import type { NatsConnection, QueuedIterator } from '@nats-io/transport-node';
import { MembershipView } from '../domain/membership-view.js';
import { ownerOf } from '../domain/rendezvous.js';
import { KEY_TOKEN, POLLER_HEARTBEAT_MS, POLLER_MEMBERSHIP_BUCKET, POLLER_TTL_MS } from '../fleet.constants.js';

export interface PollerMembershipOptions {
  connection: NatsConnection;
  unit: string;
  pollerId: string;
  bucket?: string;
  ttlMs?: number;
  heartbeatMs?: number;
  /** Told about a heartbeat or watch that failed; membership keeps trying. */
  onError?: (error: unknown) => void;
}

/**
 * This poller's membership of its unit, on NATS KV: it re-puts `<unit>.<pollerId>` every
 * heartbeat and watches `<unit>.>` to learn who else is live (MembershipView). It owns a
 * cluster when rendezvous hashing over the live pollers picks it, and owns nothing until it
 * has seen the others (its first own heartbeat came back through the watch, after every key
 * that was there before) or once its own heartbeats have not been acknowledged for a TTL less
 * one heartbeat, so the others take its clusters over no earlier than it lets them go.
 */
export class KvPollerMembership {
  private readonly view: MembershipView;
  /** The last revision heard per poller. */
  private readonly revisions = new Map<string, number>();
  private readonly key: string;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private watch: QueuedIterator<KvWatchEntry> | undefined;
  private lastAckAt = Number.NEGATIVE_INFINITY;
  /** The heartbeat put in flight, if any: leave() waits for it, or it could land after the delete. */
  private putting: Promise<void> | undefined;
  private synced!: () => void;
  private readonly sync = new Promise<void>((resolve) => (this.synced = resolve));
  private watching: Promise<void> = Promise.resolve();
  /** False once the watch has ended: a poller that cannot see the others must not own anything. */
  private following = true;

  private constructor(
    private readonly kv: KV,
    readonly unit: string,
    readonly pollerId: string,
    private readonly ttlMs: number,
    private readonly heartbeatMs: number,
    private readonly onError: (error: unknown) => void,
  ) {
    this.view = new MembershipView(ttlMs);
    this.key = `${unit}.${pollerId}`;
  }

  /** Joins the unit's pollers; resolves once this poller knows who else is live. */
  static async join(options: PollerMembershipOptions): Promise<KvPollerMembership> {
    for (const token of [options.unit, options.pollerId]) {
      if (!KEY_TOKEN.test(token)) throw new Error(`"${token}" cannot be part of a membership key (letters, digits, _ and -)`);
    }
    const ttlMs = options.ttlMs ?? POLLER_TTL_MS;
    const heartbeatMs = options.heartbeatMs ?? POLLER_HEARTBEAT_MS;
    if (heartbeatMs * 2 > ttlMs) throw new Error('a poller must heartbeat at least twice per TTL');
    // every poller creates the bucket with the same settings, which NATS treats as idempotent
    const kv = await new Kvm(options.connection).create(options.bucket ?? POLLER_MEMBERSHIP_BUCKET, { ttl: ttlMs, history: 1 });
    const membership = new KvPollerMembership(kv, options.unit, options.pollerId, ttlMs, heartbeatMs, options.onError ?? (() => undefined));
    await membership.start();
    return membership;
  }

  private async start(): Promise<void> {
    this.watch = await this.kv.watch({ key: `${this.unit}.>` });
    this.watching = this.follow(this.watch);
    // put after the watch exists, so this put comes back as an update behind every older key
    await this.beat();
    this.heartbeat = setInterval(() => void this.beat(), this.heartbeatMs);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.ttlMs)));
    const joined = await Promise.race([this.sync.then(() => true), gaveUp]);
    clearTimeout(timer);
    if (!joined) {
      await this.leave();
      throw new Error(`poller ${this.pollerId} did not see its own heartbeat within ${this.ttlMs} ms`);
    }
  }

  private async follow(watch: QueuedIterator<KvWatchEntry>): Promise<void> {
    try {
      for await (const entry of watch) {
        const pollerId = entry.key.slice(this.unit.length + 1);
        // a watch that restarts replays the last values: a revision already seen is no news
        if (entry.revision <= (this.revisions.get(pollerId) ?? 0)) continue;
        this.revisions.set(pollerId, entry.revision);
        if (entry.operation !== 'PUT') {
          this.view.left(pollerId);
          continue;
        }
        // a heartbeat counts from when the server stored it, not from when it got here: one
        // delivered late (a stalled or restarted watch) must not keep a dead poller alive
        this.view.heard(pollerId, Math.min(Date.now(), entry.created.getTime()));
        if (entry.isUpdate && pollerId === this.pollerId) this.synced();
      }
    } catch (error) {
      this.onError(error);
    } finally {
      this.following = false;
    }
  }

  private beat(): Promise<void> {
    this.putting ??= this.kv
      .put(this.key, JSON.stringify({ pollerId: this.pollerId, unit: this.unit }))
      .then(() => void (this.lastAckAt = Date.now()), this.onError)
      .finally(() => (this.putting = undefined));
    return this.putting;
  }

  /** Whether this poller may act as a member: its heartbeats get through and it hears the others. */
  isLive(now = Date.now()): boolean {
    return this.following && now - this.lastAckAt <= this.ttlMs - this.heartbeatMs;
  }

  /** The live pollers of this unit as this poller sees them, sorted. */
  livePollers(now = Date.now()): string[] {
    return this.view.live(now);
  }

  /** The clusters of this unit this poller owns now; none while its heartbeats fail. */
  ownedOf(clusterIds: Iterable<string>, now = Date.now()): string[] {
    if (!this.isLive(now)) return [];
    const live = this.view.live(now);
    const owned: string[] = [];
    for (const clusterId of clusterIds) if (ownerOf(clusterId, live) === this.pollerId) owned.push(clusterId);
    return owned;
  }

  /** Leaves on purpose: the key is deleted, so the others take over at once instead of after a TTL. */
  async leave(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.putting;
    this.lastAckAt = Number.NEGATIVE_INFINITY;
    try {
      await this.kv.delete(this.key);
    } catch (error) {
      this.onError(error);
    }
    this.watch?.stop();
    await this.watching;
  }
}
