import { type Informer, KubernetesObjectApi, type KubernetesObject, makeInformer, type ObjectCache } from '@kubernetes/client-node';
import { kubeConfigOf } from '@appmanager/messaging';
import type { ServiceLogger } from '@appmanager/service-host';
import type { ClusterAccess } from '@appmanager/messaging';
import type { ObserveClusterUseCase } from '../../status/application/observe-cluster.use-case.js';
import { liveKey } from '../../status/domain/observed-objects.js';
import { MANAGED_SELECTOR, pollDigest } from '../domain/poll-digest.js';
import type { KindRef, KubeListTransport, LiveObject } from '../outbound/kube-list.transport.js';
import { liveKubeOf } from './cluster-poll.js';

type Watched = Informer<KubernetesObject> & ObjectCache<KubernetesObject>;

interface Followed {
  access: ClusterAccess;
  kinds: KindRef[];
  informers: Map<string, Watched>;
  digest: string | undefined;
  pending: ReturnType<typeof setTimeout> | undefined;
  observing: Promise<void>;
  lastEventAt: number | undefined;
  lastError: string | undefined;
}

export interface WatchState {
  mode: 'watch';
  kinds: string[];
  lastEventAt: string | undefined;
  lastError: string | undefined;
}

/** Events closer together than this are observed once. */
const SETTLE_MS = 100;

/**
 * Watch mode, for the few clusters that need second-level latency: one client-node informer per kind deploy
 * applied there (our label), and on any add, update or delete, after a short settle, the same observation a poll
 * makes, over the informers' caches. Informers reconnect on their own; an error is kept for the sensing state.
 */
export class ClusterWatcher {
  private readonly followed = new Map<string, Followed>();

  constructor(
    private readonly observe: ObserveClusterUseCase,
    private readonly transport: KubeListTransport,
    private readonly pollerId: string,
    private readonly logger: ServiceLogger,
  ) {}

  get size(): number {
    return this.followed.size;
  }

  has(clusterId: string): boolean {
    return this.followed.has(clusterId);
  }

  async follow(clusterId: string, access: ClusterAccess, kinds: readonly KindRef[], digest: string | undefined): Promise<void> {
    if (this.followed.has(clusterId)) return;
    const followed: Followed = {
      access,
      kinds: [],
      informers: new Map(),
      digest,
      pending: undefined,
      observing: Promise.resolve(),
      lastEventAt: undefined,
      lastError: undefined,
    };
    this.followed.set(clusterId, followed);
    await this.setKinds(clusterId, kinds.length > 0 ? kinds : [{ apiVersion: 'apps/v1', kind: 'Deployment' }]);
  }

  /** Watches the kinds deploy applied (more only: a kind no longer applied costs an idle watch until takeover). */
  async setKinds(clusterId: string, kinds: readonly KindRef[]): Promise<void> {
    const followed = this.followed.get(clusterId);
    if (!followed) return;
    for (const kind of kinds) {
      const key = `${kind.apiVersion} ${kind.kind}`;
      if (followed.informers.has(key)) continue;
      followed.kinds.push(kind);
      const informer = await this.informerFor(clusterId, followed, kind);
      followed.informers.set(key, informer);
    }
  }

  stateOf(clusterId: string): WatchState | undefined {
    const followed = this.followed.get(clusterId);
    if (!followed) return undefined;
    return {
      mode: 'watch',
      kinds: [...followed.informers.keys()],
      lastEventAt: followed.lastEventAt ? new Date(followed.lastEventAt).toISOString() : undefined,
      lastError: followed.lastError,
    };
  }

  async stop(clusterId: string): Promise<void> {
    const followed = this.followed.get(clusterId);
    if (!followed) return;
    this.followed.delete(clusterId);
    clearTimeout(followed.pending);
    await Promise.all([...followed.informers.values()].map((informer) => informer.stop().catch(() => undefined)));
    await followed.observing;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.followed.keys()].map((id) => this.stop(id)));
  }

  private async informerFor(clusterId: string, followed: Followed, kind: KindRef): Promise<Watched> {
    const kc = kubeConfigOf(followed.access);
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const plural = await this.transport.pluralOf(followed.access, kind);
    const path = `${kind.apiVersion === 'v1' ? '/api/v1' : `/apis/${kind.apiVersion}`}/${plural}`;
    const list = () => objects.list(kind.apiVersion, kind.kind, undefined, undefined, undefined, undefined, undefined, MANAGED_SELECTOR);
    const informer = makeInformer(kc, path, list, MANAGED_SELECTOR) as Watched;
    const changed = () => this.changed(clusterId, followed);
    informer.on('add', changed);
    informer.on('update', changed);
    informer.on('delete', changed);
    informer.on('error', (error) => {
      followed.lastError = `watching ${kind.kind}: ${(error as Error | undefined)?.message ?? 'stream ended'}`;
      this.logger.warn({ clusterId, kind: kind.kind, reason: followed.lastError }, 'watch interrupted; the informer reconnects');
    });
    await informer.start();
    changed();
    return informer;
  }

  private changed(clusterId: string, followed: Followed): void {
    followed.lastEventAt = Date.now();
    if (followed.pending) return;
    followed.pending = setTimeout(() => {
      followed.pending = undefined;
      followed.observing = followed.observing
        .then(() => this.look(clusterId, followed))
        .catch((error: unknown) => {
          followed.lastError = `observation not recorded: ${(error as Error).message}`;
          this.logger.warn({ clusterId, err: error }, 'a watched change could not be recorded; retrying on the next event');
          followed.digest = undefined;
        });
    }, SETTLE_MS);
  }

  private async look(clusterId: string, followed: Followed): Promise<void> {
    if (this.followed.get(clusterId) !== followed) return;
    const items: LiveObject[] = [];
    for (const kind of followed.kinds) {
      const informer = followed.informers.get(`${kind.apiVersion} ${kind.kind}`);
      for (const object of informer?.list() ?? []) items.push({ ...(object as LiveObject), apiVersion: kind.apiVersion, kind: kind.kind });
    }
    const digest = pollDigest(items);
    if (digest === followed.digest) return;
    const live = new Map(items.map((o) => [liveKey(o.kind, o.metadata.namespace ?? '', o.metadata.name), o as Record<string, unknown>]));
    const observed = await this.observe.execute({
      clusterId,
      live,
      listedKinds: new Set(followed.kinds.map((k) => `${k.apiVersion} ${k.kind}`)),
      digest,
      kube: liveKubeOf(this.transport, followed.access, live),
      observedBy: this.pollerId,
      at: new Date(),
    });
    followed.digest = digest;
    followed.lastError = undefined;
    const missing = observed.kinds.filter((k) => !followed.informers.has(k));
    if (missing.length > 0) {
      followed.digest = undefined;
      await this.setKinds(
        clusterId,
        missing.map((k) => {
          const [apiVersion, kind] = k.split(' ') as [string, string];
          return { apiVersion, kind };
        }),
      );
    }
    if (observed.changed > 0)
      this.logger.info({ clusterId, mode: 'watch', ...observed }, 'cluster observed: component instance statuses changed');
  }
}
