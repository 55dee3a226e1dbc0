import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import PQueue from 'p-queue';
import { NATS_CONNECTION, SERVICE_CONFIG, SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { type ClusterAccess, ClusterCredentialsSource } from '@appmanager/messaging';
import { PollerMembershipService } from '../../fleet/application/poller-membership.service.js';
import type { SensorConfig } from '../../sensor.config.js';
import { ObserveClusterUseCase } from '../../status/application/observe-cluster.use-case.js';
import { SensingStore } from '../../status/application/status.ports.js';
import { PollSchedule } from '../domain/poll-schedule.js';
import { PollerStats } from '../domain/poller-stats.js';
import { KubeListTransport } from '../outbound/kube-list.transport.js';
import { ClusterPoll, type TrackedCluster } from './cluster-poll.js';
import { ClusterWatcher, type WatchState } from './cluster-watcher.js';
import { PollMetrics } from './poll.metrics.js';
import { PollerInventory } from './poller.ports.js';

export interface ClusterSensingState {
  clusterId: string;
  owner: string;
  mode: 'poll' | 'watch';
  /** watch mode: the kinds followed, and when the last event came */
  watch?: Omit<WatchState, 'mode' | 'lastError'>;
  intervalMs: number | undefined;
  nextPollAt: string | undefined;
  lastPollAt: string | undefined;
  lastError: string | undefined;
  consecutiveFailures: number;
  breaker: 'closed' | 'open';
}

/** Deploy announced a change on these subjects: the cluster is polled within a second, then at the fast interval. */
const HINTS = ['deploy.evt.component.applied.v1', 'deploy.evt.component.removed.v1'];
const RECONCILE_MS = 500;

/**
 * The poll loop of a poller process: owns the clusters rendezvous hashing gives it among its unit's live pollers,
 * fetches their credentials when it takes them over (dropped when it lets them go), and polls each when the
 * min-heap says it is due, at most SENSOR_POLL_CONCURRENCY at once over the bounded connection pool.
 */
@Injectable()
export class FleetPollerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly tracked = new Map<string, TrackedCluster>();
  private readonly schedule = new PollSchedule();
  readonly stats = new PollerStats();
  private transport!: KubeListTransport;
  private poll!: ClusterPoll;
  private watcher!: ClusterWatcher;
  /** Clusters to follow by informers rather than polls. */
  private watchMode = new Set<string>();
  private readonly strings = new Map<string, string>();
  private queue!: PQueue;
  private unitClusters: string[] = [];
  private membershipKey = '';
  private clustersDirty = true;
  private lastClusterLoad = 0;
  private reconciling: Promise<void> | undefined;
  private timers: ReturnType<typeof setTimeout>[] = [];
  private wake: ReturnType<typeof setTimeout> | undefined;
  private subscriptions: Subscription[] = [];
  private stopped = false;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: SensorConfig,
    @Inject(PollerMembershipService) private readonly membership: PollerMembershipService,
    @Inject(ClusterCredentialsSource) private readonly credentials: ClusterCredentialsSource,
    @Inject(PollerInventory) private readonly inventory: PollerInventory,
    @Inject(SensingStore) private readonly store: SensingStore,
    @Inject(ObserveClusterUseCase) private readonly observe: ObserveClusterUseCase,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
    @Inject(PollMetrics) private readonly metrics: PollMetrics,
  ) {}

  get pollerId(): string | undefined {
    return this.membership.current()?.pollerId;
  }

  get trackedCount(): number {
    return this.tracked.size;
  }

  get watchedCount(): number {
    return this.watcher?.size ?? 0;
  }

  get pooledOrigins(): number {
    return this.transport?.pooledOrigins ?? 0;
  }

  onApplicationBootstrap(): void {
    const member = this.membership.current();
    if (!member) return;
    this.transport = new KubeListTransport({ maxOrigins: this.config.SENSOR_POOL_ORIGINS, timeoutMs: this.config.SENSOR_POLL_TIMEOUT_MS });
    this.poll = new ClusterPoll(this.transport, this.observe, this.inventory, member.pollerId);
    this.watcher = new ClusterWatcher(this.observe, this.transport, member.pollerId, this.logger);
    this.queue = new PQueue({ concurrency: this.config.SENSOR_POLL_CONCURRENCY });
    for (const subject of HINTS)
      this.subscriptions.push(this.nats.subscribe(subject, { callback: (_e, msg) => this.onHint(msg.string()) }));
    this.subscriptions.push(this.nats.subscribe('env.evt.cluster.>', { callback: () => void (this.clustersDirty = true) }));
    const reconcile = setInterval(() => void this.reconcile(), RECONCILE_MS);
    this.timers.push(reconcile as unknown as ReturnType<typeof setTimeout>);
    void this.reconcile();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    clearTimeout(this.wake);
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await this.reconciling;
    await this.queue?.onIdle();
    await this.watcher?.stopAll();
    await this.transport?.close();
  }

  /** Owned cluster ids with when each was last polled (epoch ms; undefined before its first poll). */
  *ownedClusters(): IterableIterator<[string, number | undefined]> {
    for (const [id, cluster] of this.tracked) yield [id, cluster.lastPollAt];
  }

  /** A cluster's sensing state, when this poller owns it. */
  sensingState(clusterId: string): ClusterSensingState | undefined {
    const cluster = this.tracked.get(clusterId);
    if (!cluster) return undefined;
    const watched = this.watcher.stateOf(clusterId);
    const dueAt = this.schedule.dueAtOf(clusterId);
    const cadence = this.schedule.cadenceOf(clusterId);
    return {
      clusterId,
      owner: this.pollerId!,
      mode: watched ? 'watch' : 'poll',
      ...(watched ? { watch: { kinds: watched.kinds, lastEventAt: watched.lastEventAt } } : {}),
      intervalMs: cadence ? PollSchedule.intervalOf(cadence) : undefined,
      nextPollAt: dueAt ? new Date(dueAt).toISOString() : undefined,
      lastPollAt: cluster.lastPollAt ? new Date(cluster.lastPollAt).toISOString() : undefined,
      lastError: watched ? watched.lastError : cluster.lastError,
      consecutiveFailures: cluster.failures,
      breaker: cluster.unreachableSince === undefined ? 'closed' : 'open',
    };
  }

  private onHint(text: string): void {
    try {
      const cluster = (JSON.parse(text) as { data?: { cluster?: string } }).data?.cluster;
      if (!cluster || !this.tracked.has(cluster)) return;
      // the inventory may have new kinds: read them before the hurried poll
      void this.inventory.kindsOf([cluster]).then((kinds) => {
        const tracked = this.tracked.get(cluster);
        if (tracked) tracked.kinds = kinds.get(cluster) ?? tracked.kinds;
        if (this.watcher.has(cluster)) return this.watcher.setKinds(cluster, kinds.get(cluster) ?? []);
        this.schedule.hurry(cluster, Date.now(), 1000);
        this.arm();
      });
    } catch {
      // not an event of ours: nothing to hurry
    }
  }

  private reconcile(): Promise<void> {
    this.reconciling ??= this.reconcileOnce()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'poller could not reconcile its clusters; retrying'))
      .finally(() => (this.reconciling = undefined));
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<void> {
    const member = this.membership.current();
    if (!member || this.stopped) return;
    const now = Date.now();
    if (this.clustersDirty || now - this.lastClusterLoad > 30_000) {
      this.clustersDirty = false;
      this.lastClusterLoad = now;
      const clusters = await this.inventory.clustersOfUnit(member.unit);
      const watchMode = new Set(clusters.filter((c) => c.sensing === 'watch').map((c) => c.clusterId));
      // a cluster whose sensing mode changed is let go and taken over again in its new mode
      for (const id of [...this.tracked.keys()]) if (watchMode.has(id) !== this.watchMode.has(id)) await this.letGo(id);
      this.unitClusters = clusters.map((c) => c.clusterId);
      this.watchMode = watchMode;
      this.membershipKey = '';
    }
    const key = `${member.isLive(now)}|${member.livePollers(now).join(',')}|${this.unitClusters.length}`;
    if (key === this.membershipKey) return;
    this.membershipKey = key;
    const owned = new Set(member.ownedOf(this.unitClusters, now));
    const dropped = [...this.tracked.keys()].filter((id) => !owned.has(id));
    for (const id of dropped) await this.letGo(id);
    const added = [...owned].filter((id) => !this.tracked.has(id));
    if (added.length > 0) await this.takeOver(added);
    if (added.length > 0 || dropped.length > 0)
      this.logger.info(
        { pollerId: member.pollerId, owned: this.tracked.size, added: added.length, dropped: dropped.length },
        'poller ownership changed',
      );
  }

  /** Clusters of one fleet mostly share a CA and a unit: one copy of each string, not one per cluster (~1.2 KB a CA). */
  private interned(access: ClusterAccess): ClusterAccess {
    const intern = (text: string) => {
      const known = this.strings.get(text);
      if (known !== undefined) return known;
      if (this.strings.size < 10_000) this.strings.set(text, text);
      return text;
    };
    return { ...access, unitId: intern(access.unitId), caCertificate: intern(access.caCertificate) };
  }

  private async letGo(clusterId: string): Promise<void> {
    const unit = this.tracked.get(clusterId)?.access.unitId;
    if (unit !== undefined) this.metrics.released(clusterId, unit);
    this.tracked.delete(clusterId);
    this.schedule.untrack(clusterId);
    await this.watcher.stop(clusterId);
  }

  /** Credentials, kinds and last digests of newly owned clusters, in batches; first polls spread over the takeover window. */
  private async takeOver(clusterIds: string[]): Promise<void> {
    for (let i = 0; i < clusterIds.length; i += 2000) {
      const batch = clusterIds.slice(i, i + 2000);
      const [access, kinds, digests] = await Promise.all([
        this.credentials.fetch(batch),
        this.inventory.kindsOf(batch),
        this.store.digestsOf(batch),
      ]);
      const now = Date.now();
      const window = Math.max(this.config.SENSOR_TAKEOVER_SPREAD_MS, (clusterIds.length * 1000) / this.config.SENSOR_MAX_POLLS_PER_SECOND);
      for (const id of batch) {
        const clusterAccess = access.get(id);
        if (!clusterAccess) continue;
        this.tracked.set(id, {
          access: this.interned(clusterAccess),
          kinds: kinds.get(id) ?? [],
          digest: digests.get(id),
          failures: 0,
          unreachableSince: undefined,
          lastPollAt: undefined,
          lastError: undefined,
        });
      }
      const taken = batch.filter((id) => this.tracked.has(id));
      this.schedule.trackStable(
        taken.filter((id) => !this.watchMode.has(id)),
        now,
        window,
      );
      for (const id of taken.filter((id) => this.watchMode.has(id))) {
        const cluster = this.tracked.get(id)!;
        await this.watcher.follow(id, cluster.access, cluster.kinds, cluster.digest).catch((error: unknown) => {
          // an informer that cannot start is not fatal: the cluster is polled until it is taken over again
          this.logger.warn({ clusterId: id, err: error }, 'could not start watching a cluster; polling it meanwhile');
          this.schedule.trackStable([id], Date.now(), window);
        });
      }
    }
    this.arm();
  }

  /** Sleeps until the earliest due poll (at most a second), then dispatches what is due into free slots. */
  private arm(): void {
    if (this.stopped) return;
    clearTimeout(this.wake);
    const next = this.schedule.nextDueAt();
    const delay = next === undefined ? 1000 : Math.min(1000, Math.max(0, next - Date.now()));
    this.wake = setTimeout(() => this.dispatch(), delay);
  }

  private dispatch(): void {
    const free = this.config.SENSOR_POLL_CONCURRENCY - this.queue.size - this.queue.pending;
    const now = Date.now();
    for (const { clusterId, dueAt } of free > 0 ? this.schedule.takeDueEntries(now, free) : []) {
      void this.queue.add(() => this.pollOne(clusterId, now - dueAt));
    }
    this.arm();
  }

  private async pollOne(clusterId: string, lagMs: number): Promise<void> {
    const cluster = this.tracked.get(clusterId);
    if (!cluster) return;
    const started = performance.now();
    try {
      const result = await this.poll.run(clusterId, cluster);
      this.stats.polled(lagMs, result.outcome);
      this.metrics.polled(cluster.access.unitId, result.outcome, (performance.now() - started) / 1000);
      this.metrics.connection(clusterId, cluster.access.unitId, cluster.failures === 0);
      if (result.observed && result.observed.changed > 0)
        this.logger.info({ clusterId, ...result.observed }, 'cluster observed: component instance statuses changed');
      this.schedule.record(clusterId, result.outcome, Date.now(), result.delayMs);
    } catch (error) {
      // the cluster answered but recording what it said failed (the database): try again soon
      cluster.lastError = `observation not recorded: ${(error as Error).message}`;
      this.stats.polled(lagMs, 'failed');
      this.metrics.polled(cluster.access.unitId, 'failed', (performance.now() - started) / 1000);
      this.schedule.record(clusterId, 'failed', Date.now(), 5000);
      this.logger.warn({ clusterId, err: error }, 'poll observed a change but could not record it');
    }
    if (this.queue.size === 0) this.arm();
  }
}
