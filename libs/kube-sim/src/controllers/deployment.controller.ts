import { createHash } from 'node:crypto';
import { cloneJson, isObject, jsonEqual, type JsonObject } from '../domain/json-value.js';
import type { StoreEvent } from '../store/object-store.js';
import { metaOf, nameOf, namespaceOf } from '../store/object-store.js';
import { controllerOwnerName, controllerUid, keyOf, ownerRef, TYPES, type ControllerContext } from './controller-context.js';
import { deploymentStatus, resolveBudget } from './deployment-status.js';

const MANAGER = 'deployment-controller';
const HASH_LABEL = 'pod-template-hash';
const REVISION = 'deployment.kubernetes.io/revision';

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

export const templateHash = (template: unknown): string =>
  createHash('sha256')
    .update(stable(withoutNulls(template)))
    .digest('hex')
    .slice(0, 10);

const replicasOf = (rs: JsonObject): number => Number(isObject(rs.spec) ? (rs.spec.replicas ?? 0) : 0);
const statusNum = (o: JsonObject, field: string): number => Number(isObject(o.status) ? (o.status[field] ?? 0) : 0);

/**
 * Drives Deployments the way kube-controller-manager does: one ReplicaSet per pod template
 * (named by its hash), a rolling update bounded by maxSurge/maxUnavailable (or Recreate), and a
 * status with replicas/updated/ready/available counts and the Available/Progressing conditions.
 */
export class DeploymentController {
  constructor(private readonly ctx: ControllerContext) {}

  onEvent(e: StoreEvent): void {
    if (e.key === keyOf(TYPES.deployment) && e.type !== 'DELETED') this.enqueue(namespaceOf(e.object), nameOf(e.object));
    if (e.key === keyOf(TYPES.replicaSet)) {
      const refs = metaOf(e.object).ownerReferences;
      const uid = controllerUid(e.object);
      const ref = Array.isArray(refs) ? refs.find((r) => isObject(r) && String(r.uid) === uid) : undefined;
      if (isObject(ref) && ref.kind === 'Deployment') this.enqueue(namespaceOf(e.object), String(ref.name));
    }
  }

  private enqueue(namespace: string, name: string): void {
    this.ctx.enqueue(`deploy/${namespace}/${name}`, () => this.reconcile(namespace, name));
  }

  private reconcile(namespace: string, name: string): void {
    const d = this.ctx.get(TYPES.deployment, namespace, name);
    if (!d || !isObject(d.spec)) return;
    const spec = d.spec;
    const desired = Number(spec.replicas ?? 1);
    const template = isObject(spec.template) ? spec.template : {};
    const hash = templateHash(template);
    const owned = this.ctx.owned(TYPES.replicaSet, d);
    const wanted = withoutNulls(template);
    let newRs = owned.find((rs) => rs.spec && isObject(rs.spec) && jsonEqual(withoutNulls(withoutHash(rs.spec.template)), wanted));
    const olds = owned.filter((rs) => rs !== newRs);
    if (!newRs) {
      newRs = this.createReplicaSet(d, template, hash, owned);
      if (!newRs) return;
    } else if (revisionOf(newRs) < Math.max(0, ...olds.map(revisionOf))) {
      // A rollback reuses the old ReplicaSet, which becomes the newest revision again.
      newRs = this.promote(d, newRs, 1 + Math.max(...olds.map(revisionOf)));
    }
    if (spec.paused !== true) this.rollout(d, desired, newRs, olds);
    const fresh = this.ctx.get(TYPES.deployment, namespace, name);
    if (!fresh) return;
    const current = this.ctx.owned(TYPES.replicaSet, fresh);
    const newNow = current.find((rs) => nameOf(rs) === nameOf(newRs)) ?? newRs;
    const status = deploymentStatus(
      fresh,
      newNow,
      current.filter((rs) => rs !== newNow),
    );
    this.ctx.setStatus(TYPES.deployment, fresh, status, MANAGER);
    const deadline = Number(spec.progressDeadlineSeconds ?? 600) * 1000;
    const progressing = (status.conditions as JsonObject[]).find((c) => c.type === 'Progressing');
    if (progressing?.reason === 'ReplicaSetUpdated' || progressing?.reason === 'NewReplicaSetCreated') {
      this.ctx.after(deadline + 50, () => this.enqueue(namespace, name));
    }
  }

  private createReplicaSet(d: JsonObject, template: JsonObject, hash: string, owned: JsonObject[]): JsonObject | undefined {
    const spec = d.spec as JsonObject;
    const revision = 1 + Math.max(0, ...owned.map(revisionOf));
    const podTemplate = cloneJson(template);
    const tmeta = (podTemplate.metadata ??= {}) as JsonObject;
    tmeta.labels = { ...(isObject(tmeta.labels) ? tmeta.labels : {}), [HASH_LABEL]: hash };
    const selector = cloneJson(isObject(spec.selector) ? spec.selector : {});
    selector.matchLabels = { ...(isObject(selector.matchLabels) ? selector.matchLabels : {}), [HASH_LABEL]: hash };
    const rsName = `${nameOf(d)}-${hash}`;
    const firstRollout = owned.length === 0;
    const rs: JsonObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: rsName,
        namespace: namespaceOf(d),
        labels: { ...(tmeta.labels as JsonObject) },
        annotations: { [REVISION]: String(revision) },
        ownerReferences: [ownerRef(d)],
      },
      // A first rollout starts at full size; later ones grow under the surge budget.
      spec: { replicas: firstRollout ? Number(spec.replicas ?? 1) : 0, selector, template: podTemplate },
    };
    this.ctx.create(TYPES.replicaSet, namespaceOf(d), rs, MANAGER);
    if (firstRollout)
      this.ctx.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${rsName} from 0 to ${Number(spec.replicas ?? 1)}`, MANAGER);
    this.annotateRevision(TYPES.deployment, d, revision);
    return this.ctx.get(TYPES.replicaSet, namespaceOf(d), rsName);
  }

  private promote(d: JsonObject, rs: JsonObject, revision: number): JsonObject {
    this.annotateRevision(TYPES.replicaSet, rs, revision);
    this.annotateRevision(TYPES.deployment, d, revision);
    return this.ctx.get(TYPES.replicaSet, namespaceOf(rs), nameOf(rs)) ?? rs;
  }

  private annotateRevision(rt: typeof TYPES.deployment, o: JsonObject, revision: number): void {
    const annotations = { ...(isObject(metaOf(o).annotations) ? (metaOf(o).annotations as JsonObject) : {}), [REVISION]: String(revision) };
    this.ctx.replace(rt, { ...o, metadata: { ...metaOf(o), annotations } }, MANAGER);
  }

  private rollout(d: JsonObject, desired: number, newRs: JsonObject, olds: JsonObject[]): void {
    const strategy = isObject((d.spec as JsonObject).strategy) ? ((d.spec as JsonObject).strategy as JsonObject) : {};
    if (strategy.type === 'Recreate') {
      for (const rs of olds) if (replicasOf(rs) > 0) this.scale(rs, 0);
      const oldPods = olds.reduce((n, rs) => n + statusNum(rs, 'replicas'), 0);
      if (oldPods === 0 && replicasOf(newRs) !== desired) this.scale(newRs, desired);
      return;
    }
    const ru = isObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
    const surge = resolveBudget(ru.maxSurge ?? '25%', desired, true);
    let unavailable = resolveBudget(ru.maxUnavailable ?? '25%', desired, false);
    if (surge === 0 && unavailable === 0) unavailable = 1;
    const total = replicasOf(newRs) + olds.reduce((n, rs) => n + replicasOf(rs), 0);
    if (replicasOf(newRs) > desired) this.scale(newRs, desired);
    else if (replicasOf(newRs) < desired) {
      const room = desired + surge - total;
      if (room > 0) this.scale(newRs, Math.min(desired, replicasOf(newRs) + room));
    }
    // Old ReplicaSets shrink only as far as the availability budget allows; their
    // not-ready Pods count against nobody, so they may always go.
    const available = statusNum(newRs, 'availableReplicas') + olds.reduce((n, rs) => n + statusNum(rs, 'availableReplicas'), 0);
    let budget = Math.max(0, available - (desired - unavailable));
    for (const rs of olds) {
      const current = replicasOf(rs);
      if (current === 0) continue;
      const unready = Math.max(0, current - statusNum(rs, 'availableReplicas'));
      const cut = Math.min(current, unready + budget);
      budget -= Math.max(0, cut - unready);
      if (cut > 0) this.scale(rs, current - cut);
    }
  }

  private scale(rs: JsonObject, replicas: number): void {
    const live = this.ctx.get(TYPES.replicaSet, namespaceOf(rs), nameOf(rs));
    if (!live || replicasOf(live) === replicas) return;
    const from = replicasOf(live);
    this.ctx.replace(TYPES.replicaSet, { ...live, spec: { ...(live.spec as JsonObject), replicas } }, MANAGER);
    const d = this.ctx.get(TYPES.deployment, namespaceOf(rs), String(controllerOwnerName(rs, 'Deployment')));
    if (d)
      this.ctx.event(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${replicas > from ? 'up' : 'down'} replica set ${nameOf(rs)} from ${from} to ${replicas}`,
        MANAGER,
      );
  }
}

const revisionOf = (rs: JsonObject): number => Number((metaOf(rs).annotations as JsonObject | undefined)?.[REVISION] ?? 0);

/** Go clients send `creationTimestamp: null` and friends; a template is the same without them. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!isObject(v)) return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([, x]) => x !== null)
      .map(([k, x]) => [k, withoutNulls(x)]),
  );
}

function withoutHash(template: unknown): unknown {
  if (!isObject(template)) return template;
  const t = cloneJson(template);
  const labels = isObject(t.metadata) && isObject(t.metadata.labels) ? t.metadata.labels : undefined;
  if (labels) delete labels[HASH_LABEL];
  return t;
}
