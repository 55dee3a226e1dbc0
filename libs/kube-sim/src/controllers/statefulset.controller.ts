import { isObject, type JsonObject } from '../domain/json-value.js';
import type { StoreEvent } from '../store/object-store.js';
import { metaOf, nameOf, namespaceOf } from '../store/object-store.js';
import { keyOf, ownerNameOfPod, TYPES, type ControllerContext } from './controller-context.js';
import { templateHash } from './deployment.controller.js';
import { isPodReady, podFromTemplate } from './pod-lifecycle.controller.js';

const MANAGER = 'statefulset-controller';
const REVISION_LABEL = 'controller-revision-hash';
const ORDINAL = /-(\d+)$/;

const labelOf = (o: JsonObject, key: string): string | undefined => {
  const labels = metaOf(o).labels;
  return isObject(labels) && typeof labels[key] === 'string' ? labels[key] : undefined;
};
const ordinalOf = (pod: JsonObject): number => Number(ORDINAL.exec(nameOf(pod))?.[1] ?? -1);

/**
 * StatefulSets with ordered, stable Pod names (`web-0`, `web-1`...): with OrderedReady the next
 * Pod starts only once the previous one is Ready; a template change replaces Pods from the
 * highest ordinal down, one at a time.
 */
export class StatefulSetController {
  constructor(private readonly ctx: ControllerContext) {}

  onEvent(e: StoreEvent): void {
    const name = e.key === keyOf(TYPES.statefulSet) && e.type !== 'DELETED' ? nameOf(e.object) : ownerNameOfPod(e, 'StatefulSet');
    if (name) this.ctx.enqueue(`sts/${namespaceOf(e.object)}/${name}`, () => this.reconcile(namespaceOf(e.object), name));
  }

  private reconcile(namespace: string, name: string): void {
    const sts = this.ctx.get(TYPES.statefulSet, namespace, name);
    if (!sts || !isObject(sts.spec)) return;
    const desired = Number(sts.spec.replicas ?? 1);
    const template = isObject(sts.spec.template) ? sts.spec.template : {};
    const revision = `${name}-${templateHash(template)}`;
    const parallel = sts.spec.podManagementPolicy === 'Parallel';
    const pods = this.ctx.owned(TYPES.pod, sts);
    const byOrdinal = new Map(pods.map((p) => [ordinalOf(p), p]));
    for (const p of pods) if (ordinalOf(p) >= desired) this.ctx.remove(TYPES.pod, p);
    let blocked = false;
    for (let i = 0; i < desired && !blocked; i++) {
      const pod = byOrdinal.get(i);
      if (!pod) {
        this.ctx.create(
          TYPES.pod,
          namespace,
          podFromTemplate(sts, template, `${name}-${i}`, {
            [REVISION_LABEL]: revision,
            'statefulset.kubernetes.io/pod-name': `${name}-${i}`,
          }),
          MANAGER,
        );
        blocked = !parallel;
      } else if (!isPodReady(pod)) blocked = !parallel;
    }
    const live = pods.filter((p) => ordinalOf(p) < desired);
    const allReady = live.length === desired && live.every(isPodReady);
    const stale = live.filter((p) => labelOf(p, REVISION_LABEL) !== revision).sort((a, b) => ordinalOf(b) - ordinalOf(a));
    if (allReady && stale[0]) this.ctx.remove(TYPES.pod, stale[0]);
    const ready = live.filter(isPodReady).length;
    const updated = live.filter((p) => labelOf(p, REVISION_LABEL) === revision).length;
    this.ctx.setStatus(
      TYPES.statefulSet,
      sts,
      {
        observedGeneration: Number(metaOf(sts).generation ?? 1),
        replicas: live.length,
        readyReplicas: ready,
        availableReplicas: ready,
        currentReplicas: stale.length === 0 ? live.length : live.length - updated,
        updatedReplicas: updated,
        currentRevision: stale.length === 0 ? revision : String(labelOf(stale[0]!, REVISION_LABEL)),
        updateRevision: revision,
        collisionCount: 0,
      },
      MANAGER,
    );
  }
}
