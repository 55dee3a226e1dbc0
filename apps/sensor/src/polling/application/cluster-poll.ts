import { clusterReachableEvent, clusterUnreachableEvent } from '@appmanager/contracts';
import type { ClusterAccess } from '@appmanager/messaging';
import type { ObserveClusterUseCase } from '../../status/application/observe-cluster.use-case.js';
import type { LiveKube } from '../../status/application/status.ports.js';
import { liveKey } from '../../status/domain/observed-objects.js';
import type { PollOutcome } from '../domain/adaptive-interval.js';
import { BREAKER_THRESHOLD, failureBackoffMs, MANAGED_SELECTOR, pollDigest } from '../domain/poll-digest.js';
import type { KindRef, KubeListTransport, LiveObject } from '../outbound/kube-list.transport.js';
import type { PollerInventory } from './poller.ports.js';

/** What a poller keeps per owned cluster: small on purpose (the benchmark measures it). */
export interface TrackedCluster {
  access: ClusterAccess;
  kinds: readonly KindRef[];
  digest: string | undefined;
  failures: number;
  unreachableSince: number | undefined;
  lastPollAt: number | undefined;
  lastError: string | undefined;
}

export interface PollResult {
  outcome: PollOutcome;
  /** Overrides the adaptive interval: a Retry-After, or the back-off after failures. */
  delayMs?: number;
  observed?: { evaluated: number; changed: number };
}

/** Asked of a cluster that has nothing of ours yet: one cheap LIST still says whether it answers. */
const PROBE_KINDS: readonly KindRef[] = [{ apiVersion: 'apps/v1', kind: 'Deployment' }];

/**
 * One poll of one cluster: a LIST per kind with our label at resourceVersion=0; when the digest of what came
 * back differs from the last one, the cluster's instances are observed. A 429 waits for its Retry-After without
 * counting as a failure; other failures back off, and after BREAKER_THRESHOLD in a row the cluster is announced
 * unreachable (once), and reachable again on its first good poll.
 */
export class ClusterPoll {
  constructor(
    private readonly transport: KubeListTransport,
    private readonly observe: ObserveClusterUseCase,
    private readonly inventory: PollerInventory,
    private readonly pollerId: string,
  ) {}

  async run(clusterId: string, cluster: TrackedCluster, now = Date.now()): Promise<PollResult> {
    cluster.lastPollAt = now;
    const items: LiveObject[] = [];
    const listed = cluster.kinds.length > 0 ? cluster.kinds : PROBE_KINDS;
    for (const kind of listed) {
      const answer = await this.transport.list(cluster.access, kind, MANAGED_SELECTOR);
      if (answer.ok) {
        items.push(...answer.items);
        continue;
      }
      cluster.lastError = answer.reason;
      if (answer.throttled) return { outcome: 'unchanged', delayMs: answer.retryAfterMs };
      return this.failed(clusterId, cluster, answer.reason);
    }
    cluster.lastError = undefined;
    if (cluster.unreachableSince !== undefined) await this.reachable(clusterId, cluster);
    cluster.failures = 0;
    const digest = pollDigest(items);
    if (digest === cluster.digest) return { outcome: 'unchanged' };
    const live = new Map(items.map((o) => [liveKey(o.kind, o.metadata.namespace ?? '', o.metadata.name), o as Record<string, unknown>]));
    const observed = await this.observe.execute({
      clusterId,
      live,
      listedKinds: new Set(listed.map((k) => `${k.apiVersion} ${k.kind}`)),
      digest,
      kube: liveKubeOf(this.transport, cluster.access, live),
      observedBy: this.pollerId,
      at: new Date(),
    });
    const first = cluster.digest === undefined;
    if (observed.kinds.some((kind) => !listed.some((k) => `${k.apiVersion} ${k.kind}` === kind))) {
      // deploy applied a kind this poller did not list yet: list it too, and look again at once
      cluster.kinds = observed.kinds.map((kind) => {
        const [apiVersion, name] = kind.split(' ') as [string, string];
        return { apiVersion, kind: name };
      });
      cluster.digest = undefined;
      return { outcome: 'changed', delayMs: 200, observed };
    }
    cluster.digest = digest;
    // a first look at a cluster nobody recorded is not a change of it
    return { outcome: first && observed.changed === 0 ? 'unchanged' : 'changed', observed };
  }

  private async failed(clusterId: string, cluster: TrackedCluster, reason: string): Promise<PollResult> {
    cluster.failures++;
    if (cluster.failures >= BREAKER_THRESHOLD && cluster.unreachableSince === undefined) {
      cluster.unreachableSince = Date.now();
      await this.inventory.announce(clusterUnreachableEvent, {
        clusterId,
        unitId: cluster.access.unitId,
        observedBy: this.pollerId,
        at: new Date().toISOString(),
        reason,
        consecutiveFailures: cluster.failures,
      });
    }
    return { outcome: 'failed', delayMs: failureBackoffMs(cluster.failures) };
  }

  private async reachable(clusterId: string, cluster: TrackedCluster): Promise<void> {
    const since = cluster.unreachableSince!;
    cluster.unreachableSince = undefined;
    await this.inventory.announce(clusterReachableEvent, {
      clusterId,
      unitId: cluster.access.unitId,
      observedBy: this.pollerId,
      at: new Date().toISOString(),
      unreachableSince: new Date(since).toISOString(),
    });
  }
}

/** The cluster as plug-ins see it during an observation: what was just seen first, the cluster itself after. */
export function liveKubeOf(
  transport: KubeListTransport,
  access: ClusterAccess,
  live: ReadonlyMap<string, Record<string, unknown>>,
): LiveKube {
  return {
    async get(namespace, ref) {
      return live.get(liveKey(ref.kind, namespace, ref.name)) ?? (await transport.get(access, ref, namespace, ref.name));
    },
    async list(namespace, query) {
      const listed = await transport.list(access, query, query.labelSelector ?? '', namespace);
      if (!listed.ok) throw new Error(listed.reason);
      return listed.items;
    },
    apply: (namespace, object, fieldManager) => transport.apply(access, namespace, object, fieldManager),
  };
}
