import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { WorkloadBehaviour } from '../controllers/controller-context.js';
import type { ObjectStore } from '../store/object-store.js';
import { VirtualCluster } from './virtual-cluster.js';

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export const isValidClusterName = (name: string): boolean => CLUSTER_NAME.test(name);

/**
 * All virtual clusters of a simulator. An idle cluster costs one map entry: its token is derived
 * from the name with a per-process secret (so nothing per cluster is stored for it), and its
 * objects, controllers and event ring exist only once a request touches it.
 */
export class ClusterRegistry {
  private readonly clusters = new Map<string, VirtualCluster | null>();
  /** Seeded clusters not yet materialised, each pointing at the template it shares with its batch. */
  private readonly seeds = new Map<string, ObjectStore>();
  private readonly secret = randomBytes(32);

  constructor(
    private readonly behaviour: WorkloadBehaviour,
    private readonly ringSize: number,
  ) {}

  get size(): number {
    return this.clusters.size;
  }

  /** Registers a cluster; returns false when it already exists. */
  add(name: string): boolean {
    if (this.clusters.has(name)) return false;
    this.clusters.set(name, null);
    return true;
  }

  /** Registers clusters that start with the template's objects; returns how many were new. */
  seed(names: readonly string[], template: ObjectStore): number {
    let created = 0;
    for (const name of names) {
      if (!this.add(name)) continue;
      this.seeds.set(name, template);
      created++;
    }
    return created;
  }

  /** The shared objects of a seeded cluster nothing has materialised yet. */
  seededObjects(name: string): ObjectStore | undefined {
    return this.seeds.get(name);
  }

  has(name: string): boolean {
    return this.clusters.has(name);
  }

  remove(name: string): boolean {
    const cluster = this.clusters.get(name);
    cluster?.dispose();
    this.seeds.delete(name);
    return this.clusters.delete(name);
  }

  names(): IterableIterator<string> {
    return this.clusters.keys();
  }

  isMaterialised(name: string): boolean {
    return Boolean(this.clusters.get(name));
  }

  tokenOf(name: string): string {
    return createHmac('sha256', this.secret).update(name).digest('base64url');
  }

  checkToken(name: string, presented: string): boolean {
    const expected = Buffer.from(this.tokenOf(name));
    const got = Buffer.from(presented);
    return got.length === expected.length && timingSafeEqual(got, expected);
  }

  /** The cluster's state if it has been materialised, without materialising it. */
  peek(name: string): VirtualCluster | undefined {
    return this.clusters.get(name) ?? undefined;
  }

  /** The cluster's state, created on first use. */
  materialise(name: string): VirtualCluster | undefined {
    const existing = this.clusters.get(name);
    if (existing) return existing;
    if (existing === undefined) return undefined;
    const cluster = new VirtualCluster(name, this.behaviour, this.ringSize);
    this.clusters.set(name, cluster);
    const template = this.seeds.get(name);
    if (template) {
      this.seeds.delete(name);
      for (const [key, object] of template.all()) cluster.store.create(key, structuredClone(object));
    }
    return cluster;
  }

  dispose(): void {
    for (const c of this.clusters.values()) c?.dispose();
    this.clusters.clear();
    this.seeds.clear();
  }
}
