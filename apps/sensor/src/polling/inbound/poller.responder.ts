import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { NATS_CONNECTION } from '@appmanager/service-host';
import { PollerMembershipService } from '../../fleet/application/poller-membership.service.js';
import { FleetPollerService } from '../application/fleet-poller.service.js';
import { CLUSTER_SENSING_SUBJECT, FLEET_STATS_SUBJECT } from '../fleet.subjects.js';

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
  uptimeMs: number;
}

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
      this.nats.subscribe(FLEET_STATS_SUBJECT, { callback: (_e, msg) => void msg.respond(JSON.stringify(this.report())) }),
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
      uptimeMs: stats.uptimeMs(),
    };
  }
}
