import { isObject, type JsonObject } from '../domain/json-value.js';
import { BUILTIN_TYPES, typeKey, type ResourceType } from '../domain/resource-types.js';
import type { StoreEvent } from '../store/object-store.js';
import { nameOf, namespaceOf } from '../store/object-store.js';
import type { ControllerContext } from './controller-context.js';

const MANAGER = 'cluster-sim-load-balancer';
const ingressType = BUILTIN_TYPES.find((rt) => rt.resource === 'ingresses')!;
const serviceType = BUILTIN_TYPES.find((rt) => rt.resource === 'services')!;

const hasAddress = (o: JsonObject): boolean => {
  const lb = isObject(o.status) && isObject(o.status.loadBalancer) ? o.status.loadBalancer : {};
  return Array.isArray(lb.ingress) && lb.ingress.length > 0;
};

/**
 * Stands in for an ingress controller and a cloud load balancer: Ingresses and Services of type
 * LoadBalancer get an address in `status.loadBalancer.ingress`, which deploy tooling waits for.
 */
export class LoadBalancerController {
  private next = 1;

  constructor(private readonly ctx: ControllerContext) {}

  onEvent(e: StoreEvent): void {
    if (e.type === 'DELETED' || hasAddress(e.object)) return;
    const isIngress = e.key === typeKey(ingressType.group, ingressType.resource);
    const isLbService =
      e.key === typeKey(serviceType.group, serviceType.resource) && isObject(e.object.spec) && e.object.spec.type === 'LoadBalancer';
    if (!isIngress && !isLbService) return;
    const rt = isIngress ? ingressType : serviceType;
    this.ctx.enqueue(`lb/${rt.resource}/${namespaceOf(e.object)}/${nameOf(e.object)}`, () =>
      this.assign(rt, namespaceOf(e.object), nameOf(e.object)),
    );
  }

  private assign(rt: ResourceType, namespace: string, name: string): void {
    const live = this.ctx.get(rt, namespace, name);
    if (!live || hasAddress(live)) return;
    const n = this.next++;
    const status = {
      ...(isObject(live.status) ? live.status : {}),
      loadBalancer: { ingress: [{ ip: `172.18.${(n >> 8) & 255}.${n & 255}` }] },
    };
    this.ctx.setStatus(rt, live, status, MANAGER);
  }
}
