import { isObject, type JsonObject } from '../domain/json-value.js';
import type { StoreEvent } from '../store/object-store.js';
import { metaOf, nameOf, namespaceOf } from '../store/object-store.js';
import { keyOf, ownerNameOfPod, TYPES, type ControllerContext } from './controller-context.js';
import { templateHash } from './deployment.controller.js';
import { isPodReady, podFromTemplate, randomSuffix } from './pod-lifecycle.controller.js';

const MANAGER = 'daemonset-controller';
const HASH_LABEL = 'controller-revision-hash';

/** DaemonSets on the simulated cluster's nodes: one Pod per Node, replaced when the template changes. */
export class DaemonSetController {
  constructor(private readonly ctx: ControllerContext) {}

  onEvent(e: StoreEvent): void {
    const name = e.key === keyOf(TYPES.daemonSet) && e.type !== 'DELETED' ? nameOf(e.object) : ownerNameOfPod(e, 'DaemonSet');
    if (name) this.ctx.enqueue(`ds/${namespaceOf(e.object)}/${name}`, () => this.reconcile(namespaceOf(e.object), name));
  }

  private reconcile(namespace: string, name: string): void {
    const ds = this.ctx.get(TYPES.daemonSet, namespace, name);
    if (!ds || !isObject(ds.spec)) return;
    const template = isObject(ds.spec.template) ? ds.spec.template : {};
    const hash = templateHash(template);
    const nodes = this.ctx.store.list(keyOf(TYPES.node)).map(nameOf);
    const pods = this.ctx.owned(TYPES.pod, ds);
    const hashOf = (p: JsonObject) => (isObject(metaOf(p).labels) ? (metaOf(p).labels as JsonObject)[HASH_LABEL] : undefined);
    for (const node of nodes) {
      const onNode = pods.filter((p) => isObject(p.spec) && p.spec.nodeName === node);
      if (onNode.length === 0) {
        const pod = podFromTemplate(ds, template, `${name}-${randomSuffix()}`, { [HASH_LABEL]: hash });
        (pod.spec as JsonObject).nodeName = node;
        this.ctx.create(TYPES.pod, namespace, pod, MANAGER);
      } else for (const p of onNode) if (hashOf(p) !== hash) this.ctx.remove(TYPES.pod, p);
    }
    const current = this.ctx.owned(TYPES.pod, ds);
    const ready = current.filter(isPodReady).length;
    this.ctx.setStatus(
      TYPES.daemonSet,
      ds,
      {
        observedGeneration: Number(metaOf(ds).generation ?? 1),
        desiredNumberScheduled: nodes.length,
        currentNumberScheduled: current.length,
        numberMisscheduled: 0,
        numberReady: ready,
        numberAvailable: ready,
        numberUnavailable: Math.max(0, nodes.length - ready),
        updatedNumberScheduled: current.filter((p) => hashOf(p) === hash).length,
      },
      MANAGER,
    );
  }
}
