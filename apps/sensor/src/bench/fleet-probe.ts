import type { NatsConnection } from '@nats-io/transport-node';
import type { ClusterSensingState } from '../polling/application/fleet-poller.service.js';
import { CLUSTER_SENSING_SUBJECT, FLEET_OWNED_SUBJECT, FLEET_STATS_SUBJECT } from '../polling/fleet.subjects.js';
import type { OwnedClustersPage, PollerReport } from '../polling/inbound/poller.responder.js';

/** Which poller owns each cluster, and when each owner last polled it. */
export interface Ownership {
  owners: Map<string, string[]>;
  lastPollAt: Map<string, number | null>;
  perPoller: Map<string, number>;
}

/** Asks the pollers over core NATS, as the api role does: every poller answers stats and its owned set. */
export class FleetProbe {
  constructor(
    private readonly nats: NatsConnection,
    private readonly pollers: () => number,
  ) {}

  /** `gc`: each poller collects garbage first (they run with --expose-gc here), for heap per cluster. */
  async reports(gc = false): Promise<PollerReport[]> {
    return (await this.gather(FLEET_STATS_SUBJECT, gc ? 'gc' : '')) as PollerReport[];
  }

  /** The owner's sensing state of one cluster (only the owner answers). */
  async sensing(clusterId: string): Promise<ClusterSensingState | undefined> {
    try {
      const msg = await this.nats.request(CLUSTER_SENSING_SUBJECT, clusterId, { timeout: 2000 });
      return JSON.parse(msg.string()) as ClusterSensingState;
    } catch {
      return undefined;
    }
  }

  /** Every poller's owned set, page by page. */
  async ownership(): Promise<Ownership> {
    const owners = new Map<string, string[]>();
    const lastPollAt = new Map<string, number | null>();
    const perPoller = new Map<string, number>();
    for (let offset = 0; ;) {
      const pages = (await this.gather(FLEET_OWNED_SUBJECT, JSON.stringify({ offset }))) as OwnedClustersPage[];
      let more = false;
      for (const page of pages) {
        perPoller.set(page.pollerId, page.total);
        page.clusters.forEach((id, i) => {
          const list = owners.get(id) ?? [];
          list.push(page.pollerId);
          owners.set(id, list);
          const polled = page.lastPollAt[i] ?? null;
          const known = lastPollAt.get(id);
          lastPollAt.set(id, known === undefined || (polled ?? 0) > (known ?? 0) ? polled : known);
        });
        if (page.offset + page.clusters.length < page.total && page.clusters.length > 0) more = true;
        offset = Math.max(offset, page.offset + page.clusters.length);
      }
      if (!more) break;
    }
    return { owners, lastPollAt, perPoller };
  }

  private async gather(subject: string, payload: string): Promise<unknown[]> {
    const expected = this.pollers();
    const answers: unknown[] = [];
    const replies = await this.nats.requestMany(subject, payload, { strategy: 'timer', maxWait: 3000, maxMessages: expected });
    for await (const msg of replies) answers.push(JSON.parse(msg.string()));
    return answers;
  }
}

/** Waits until the live pollers own every cluster between them, each once, and agree on who is live. */
export async function converged(probe: FleetProbe, clusters: number, pollers: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const reports = await probe.reports();
    const owned = reports.reduce((sum, r) => sum + r.ownedClusters, 0);
    if (reports.length === pollers && owned === clusters && reports.every((r) => r.livePollers.length === pollers))
      return Date.now() - started;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`pollers did not converge within ${timeoutMs} ms: ${reports.length}/${pollers} answered, ${owned}/${clusters} owned`);
    }
    await sleep(250);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Clusters with no owner and with more than one. */
export function ownershipFaults(ownership: Ownership, clusterIds: readonly string[]): { unowned: number; doubly: number } {
  let unowned = 0;
  let doubly = 0;
  for (const id of clusterIds) {
    const owners = ownership.owners.get(id)?.length ?? 0;
    if (owners === 0) unowned++;
    if (owners > 1) doubly++;
  }
  return { unowned, doubly };
}

/** Clusters whose owner differs between two snapshots. */
export function movedBetween(before: Ownership, after: Ownership): number {
  let moved = 0;
  for (const [id, owners] of after.owners) if (before.owners.get(id)?.[0] !== owners[0]) moved++;
  return moved;
}
