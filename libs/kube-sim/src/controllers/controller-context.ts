import { createHash } from 'node:crypto';
import { ApiError } from '../domain/api-error.js';
import { isObject, type JsonObject } from '../domain/json-value.js';
import { BUILTIN_TYPES, typeKey, type ResourceType } from '../domain/resource-types.js';
import type { ResourceWriter } from '../cluster/resource-writer.js';
import { metaOf, nameOf, type ObjectStore, type StoreEvent } from '../store/object-store.js';

/** How simulated workloads behave; shared by every cluster of a simulator. */
export interface WorkloadBehaviour {
  /** delay from a Pod's creation to Running/Ready */
  podReadyDelayMs: number;
  /** how long a Job's Pod runs before it exits */
  jobRunMs: number;
  /** images matching this never pull: Pods stay in ImagePullBackOff */
  unpullableImage: RegExp;
  /** images matching this start and crash over and over (CrashLoopBackOff) */
  crashLoopImage: RegExp;
  /** first CrashLoopBackOff back-off; doubles per restart up to 5 minutes, like the kubelet */
  crashLoopBackoffMs: number;
  /** delay from a Flux object's creation or spec change to its Ready condition */
  fluxReconcileMs: number;
  /** HelmReleases of charts matching this fail to install (Ready=False, InstallFailed) */
  brokenChart: RegExp;
  /** Kustomizations of paths matching this fail to build (Ready=False, BuildFailed) */
  brokenKustomizePath: RegExp;
  /** delay from a Terraform object's creation or spec change to its outputs Secret and Ready condition */
  terraformReconcileMs: number;
  /** Terraform objects whose `spec.path` matches this fail to plan (Ready=False, PlanFailed) */
  brokenTerraformPath: RegExp;
}

/** Pod template annotations that steer the simulated kubelet per workload. */
export const ANNOTATIONS = {
  crashLoop: 'cluster-sim.appmanager.dev/crash-loop',
  exitCode: 'cluster-sim.appmanager.dev/exit-code',
  runMs: 'cluster-sim.appmanager.dev/run-ms',
  /** on a Flux or Terraform object: its reconciliation fails with this message */
  failReconcile: 'cluster-sim.appmanager.dev/fail-reconcile',
} as const;

const builtin = (resource: string): ResourceType => BUILTIN_TYPES.find((rt) => rt.resource === resource)!;
const EVENT_TYPE = builtin('events');
export const TYPES = {
  pod: builtin('pods'),
  replicaSet: builtin('replicasets'),
  deployment: builtin('deployments'),
  statefulSet: builtin('statefulsets'),
  daemonSet: builtin('daemonsets'),
  job: builtin('jobs'),
  node: builtin('nodes'),
};
export const keyOf = (rt: ResourceType): string => typeKey(rt.group, rt.resource);

/**
 * What controllers share: a de-duplicating work queue drained on the next turn of the event loop
 * (so a burst of writes reconciles once), timers that die with the cluster, and write helpers.
 */
export class ControllerContext {
  private readonly queue = new Map<string, () => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private scheduled = false;
  private disposed = false;

  constructor(
    readonly store: ObjectStore,
    readonly writer: ResourceWriter,
    readonly behaviour: WorkloadBehaviour,
  ) {}

  enqueue(id: string, work: () => void): void {
    if (this.disposed) return;
    this.queue.set(id, work);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  after(ms: number, work: () => void): void {
    if (this.disposed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.disposed) this.safely(work);
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.queue.clear();
  }

  get(rt: ResourceType, namespace: string, name: string): JsonObject | undefined {
    return this.store.get(keyOf(rt), namespace, name);
  }

  /** Objects of a type in a namespace whose controller ownerReference is `owner`. */
  owned(rt: ResourceType, owner: JsonObject): JsonObject[] {
    const uid = metaOf(owner).uid;
    return this.store.list(keyOf(rt), String(metaOf(owner).namespace ?? '')).filter((o) => controllerUid(o) === uid);
  }

  create(rt: ResourceType, namespace: string, o: JsonObject, manager: string): void {
    this.safely(() => this.writer.create(rt, namespace, o, { manager }));
  }

  /** Writes `status` through the status subresource; a no-op when nothing changed. */
  setStatus(rt: ResourceType, o: JsonObject, status: JsonObject, manager: string): void {
    this.safely(() => this.writer.update(rt, String(metaOf(o).namespace ?? ''), nameOf(o), { ...o, status }, { manager }, 'status'));
  }

  replace(rt: ResourceType, o: JsonObject, manager: string): void {
    this.safely(() => this.writer.update(rt, String(metaOf(o).namespace ?? ''), nameOf(o), o, { manager }));
  }

  remove(rt: ResourceType, o: JsonObject): void {
    this.safely(() => this.writer.delete(rt, String(metaOf(o).namespace ?? ''), nameOf(o), undefined));
  }

  /**
   * Records a core/v1 Event about an object. Repeats of the same reason for the same object
   * bump `count` on one Event, as the kubelet's event aggregation does, so crash loops stay bounded.
   */
  event(involved: JsonObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
    const meta = metaOf(involved);
    const namespace = String(meta.namespace ?? 'default');
    const name = `${nameOf(involved)}.${createHash('sha1')
      .update(`${String(meta.uid)}/${reason}`)
      .digest('hex')
      .slice(0, 16)}`;
    const now = timestamp();
    const existing = this.get(EVENT_TYPE, namespace, name);
    if (existing) {
      this.safely(() =>
        this.writer.update(
          EVENT_TYPE,
          namespace,
          name,
          { ...existing, message, count: Number(existing.count ?? 1) + 1, lastTimestamp: now },
          { manager: component },
        ),
      );
      return;
    }
    this.create(
      EVENT_TYPE,
      namespace,
      {
        metadata: { name, namespace },
        involvedObject: {
          kind: String(involved.kind),
          namespace,
          name: nameOf(involved),
          uid: String(meta.uid),
          apiVersion: String(involved.apiVersion),
          resourceVersion: String(meta.resourceVersion ?? ''),
        },
        reason,
        message,
        type,
        count: 1,
        firstTimestamp: now,
        lastTimestamp: now,
        source: { component },
        reportingComponent: component,
      },
      component,
    );
  }

  private drain(): void {
    this.scheduled = false;
    const work = [...this.queue.values()];
    this.queue.clear();
    for (const w of work) this.safely(w);
  }

  /** A controller losing a race (object gone, namespace deleted) just waits for the next event. */
  private safely(work: () => void): void {
    try {
      work();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
  }
}

export function controllerUid(o: JsonObject): string | undefined {
  const refs = metaOf(o).ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  const ref = refs.find((r) => isObject(r) && r.controller === true);
  return isObject(ref) ? String(ref.uid) : undefined;
}

/** The name of the object's controller, if that controller is of the given kind. */
export function controllerOwnerName(o: JsonObject, kind: string): string | undefined {
  const uid = controllerUid(o);
  const refs = metaOf(o).ownerReferences;
  const ref = Array.isArray(refs) ? refs.find((r) => isObject(r) && String(r.uid) === uid) : undefined;
  return isObject(ref) && ref.kind === kind ? String(ref.name) : undefined;
}

/** For a Pod event, the owning workload of the given kind to requeue. */
export function ownerNameOfPod(e: StoreEvent, kind: string): string | undefined {
  return e.key === keyOf(TYPES.pod) ? controllerOwnerName(e.object, kind) : undefined;
}

export function ownerRef(owner: JsonObject): JsonObject {
  return {
    apiVersion: String(owner.apiVersion),
    kind: String(owner.kind),
    name: nameOf(owner),
    uid: String(metaOf(owner).uid),
    controller: true,
    blockOwnerDeletion: true,
  };
}

export const timestamp = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
