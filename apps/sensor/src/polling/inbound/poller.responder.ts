import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { NATS_CONNECTION } from '@appmanager/service-host';
import { PollerMembershipService } from '../../fleet/application/poller-membership.service.js';
import { FleetPollerService } from '../application/fleet-poller.service.js';
import { CLUSTER_SENSING_SUBJECT, FLEET_OWNED_SUBJECT, FLEET_STATS_SUBJECT } from '../fleet.subjects.js';

/** What a poller reports of itself to the api role. */
export interface PollerReport {
  pollerId: string;
  unit: string;
  live: boolean;
  livePollers: string[];
  ownedClusters: number;
  /** Of those, followed by informers (watch mode). */
  watchedClusters: number;
  pollsPerSecond: number;
  polls: number;
  failures: number;
  changes: number;
  schedulingLagMs: { p50: number | null; p99: number | null };
  pooledApiServers: number;
  rssBytes: number;
  /** V8 heap in use (after a full collection when asked for `gc` and the process runs with --expose-gc). */
  heapUsedBytes: number;
  uptimeMs: number;
}

/** One page of a poller's owned clusters: ids and, at the same index, last poll (epoch ms, null before the first). */
export interface OwnedClustersPage {
  pollerId: string;
  total: number;
  offset: number;
  clusters: string[];
  lastPollAt: (number | null)[];
}

/** Pages stay well under NATS's default 1 MB payload. */
const OWNED_PAGE_MAX = 20_000;

/** Answers the api role's fleet questions over core NATS: every poller its figures, the owner a cluster's state. */
@Injectable()
export class PollerResponder implements OnApplicationBootstrap, OnModuleDestroy {
  private subscriptions: Subscription[] = [];

  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(PollerMembershipService) private readonly membership: PollerMembershipService,
    @Inject(FleetPollerService) private readonly poller: FleetPollerService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.membership.current()) return;
    this.subscriptions.push(
      this.nats.subscribe(FLEET_STATS_SUBJECT, {
        callback: (_e, msg) => {
          // a benchmark measuring state per cluster asks for a full collection first (only with --expose-gc)
          const gc = (globalThis as { gc?: () => void }).gc;
          if (msg.string() === 'gc' && gc) gc();
          void msg.respond(JSON.stringify(this.report()));
        },
      }),
      this.nats.subscribe(FLEET_OWNED_SUBJECT, { callback: (_e, msg) => void msg.respond(JSON.stringify(this.owned(msg.string()))) }),
      this.nats.subscribe(CLUSTER_SENSING_SUBJECT, {
        callback: (_e, msg) => {
          const state = this.poller.sensingState(msg.string());
          // only the owner answers; the others stay silent
          if (state) void msg.respond(JSON.stringify(state));
        },
      }),
    );
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  /** `{"offset":n,"limit":m}` (both optional) pages through the owned set in its current order. */
  private owned(request: string): OwnedClustersPage {
    let page: { offset?: unknown; limit?: unknown } = {};
    try {
      page = request ? (JSON.parse(request) as typeof page) : {};
    } catch {
      // not JSON: the first page
    }
    const offset = typeof page.offset === 'number' && page.offset > 0 ? Math.floor(page.offset) : 0;
    const limit = typeof page.limit === 'number' && page.limit > 0 ? Math.min(OWNED_PAGE_MAX, Math.floor(page.limit)) : OWNED_PAGE_MAX;
    const clusters: string[] = [];
    const lastPollAt: (number | null)[] = [];
    let index = 0;
    for (const [id, polledAt] of this.poller.ownedClusters()) {
      if (index++ < offset) continue;
      if (clusters.length >= limit) break;
      clusters.push(id);
      lastPollAt.push(polledAt ?? null);
    }
    return { pollerId: this.membership.current()!.pollerId, total: this.poller.trackedCount, offset, clusters, lastPollAt };
  }

  private report(): PollerReport {
    const member = this.membership.current()!;
    const stats = this.poller.stats;
    return {
      pollerId: member.pollerId,
      unit: member.unit,
      live: member.isLive(),
      livePollers: member.livePollers(),
      ownedClusters: this.poller.trackedCount,
      watchedClusters: this.poller.watchedCount,
      pollsPerSecond: Math.round(stats.pollsPerSecond() * 10) / 10,
      polls: stats.polls,
      failures: stats.failures,
      changes: stats.changes,
      schedulingLagMs: { p50: stats.lagPercentile(50) ?? null, p99: stats.lagPercentile(99) ?? null },
      pooledApiServers: this.poller.pooledOrigins,
      rssBytes: process.memoryUsage.rss(),
      heapUsedBytes: process.memoryUsage().heapUsed,
      uptimeMs: stats.uptimeMs(),
    };
  }
}
