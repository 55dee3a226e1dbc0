import { isObject, type JsonObject } from '../domain/json-value.js';
import type { StoreEvent } from '../store/object-store.js';
import { metaOf, nameOf, namespaceOf } from '../store/object-store.js';
import { controllerUid, keyOf, TYPES, type ControllerContext } from './controller-context.js';
import { isPodReady, podFromTemplate, podPhase, randomSuffix } from './pod-lifecycle.controller.js';

const MANAGER = 'replicaset-controller';

export const isTerminated = (pod: JsonObject): boolean => ['Succeeded', 'Failed'].includes(podPhase(pod));

/** Keeps `spec.replicas` Pods of each ReplicaSet and reports how many exist and are ready. */
export class ReplicaSetController {
  constructor(private readonly ctx: ControllerContext) {}

  onEvent(e: StoreEvent): void {
    if (e.key === keyOf(TYPES.replicaSet)) {
      if (e.type !== 'DELETED') this.enqueue(namespaceOf(e.object), nameOf(e.object));
    } else if (e.key === keyOf(TYPES.pod)) {
      const owner = controllerUid(e.object);
      const refs = metaOf(e.object).ownerReferences;
      const ref = Array.isArray(refs) ? refs.find((r) => isObject(r) && String(r.uid) === owner) : undefined;
      if (isObject(ref) && ref.kind === 'ReplicaSet') this.enqueue(namespaceOf(e.object), String(ref.name));
    }
  }

  private enqueue(namespace: string, name: string): void {
    this.ctx.enqueue(`rs/${namespace}/${name}`, () => this.reconcile(namespace, name));
  }

  private reconcile(namespace: string, name: string): void {
    const rs = this.ctx.get(TYPES.replicaSet, namespace, name);
    if (!rs || !isObject(rs.spec)) return;
    const desired = Number(rs.spec.replicas ?? 1);
    const pods = this.ctx.owned(TYPES.pod, rs).filter((p) => !isTerminated(p));
    const template = isObject(rs.spec.template) ? rs.spec.template : {};
    for (let i = pods.length; i < desired; i++) {
      this.ctx.create(TYPES.pod, namespace, podFromTemplate(rs, template, `${name}-${randomSuffix()}`), MANAGER);
    }
    if (pods.length > desired) {
      // Like the real controller, give up not-ready Pods first.
      const victims = [...pods].sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b))).slice(0, pods.length - desired);
      for (const p of victims) this.ctx.remove(TYPES.pod, p);
    }
    const current = this.ctx.owned(TYPES.pod, rs).filter((p) => !isTerminated(p));
    const ready = current.filter(isPodReady).length;
    this.ctx.setStatus(
      TYPES.replicaSet,
      rs,
      {
        replicas: current.length,
        fullyLabeledReplicas: current.length,
        readyReplicas: ready,
        availableReplicas: ready,
        observedGeneration: Number(metaOf(rs).generation ?? 1),
      },
      MANAGER,
    );
  }
}
