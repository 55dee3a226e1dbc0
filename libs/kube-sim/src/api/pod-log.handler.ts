import { badRequest, notFound } from '../domain/api-error.js';
import { isObject, type JsonObject } from '../domain/json-value.js';
import { typeKey, type ResourceType } from '../domain/resource-types.js';
import type { ObjectStore } from '../store/object-store.js';

/**
 * `pods/<name>/log`: simulated containers print one line when they start, so log viewers and
 * `kubectl logs` have something true to show; a container that never started answers 400 as the
 * kubelet does.
 */
export function podLog(store: ObjectStore, rt: ResourceType, namespace: string, name: string, container: string | null): string {
  const pod = store.get(typeKey(rt.group, rt.resource), namespace, name);
  if (!pod) throw notFound(rt, name);
  const containers = (isObject(pod.spec) && Array.isArray(pod.spec.containers) ? pod.spec.containers : []).filter(isObject);
  if (!container && containers.length > 1) {
    throw badRequest(
      `a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => String(c.name)).join(' ')}]`,
    );
  }
  const chosen = container ? containers.find((c) => c.name === container) : containers[0];
  if (!chosen) throw badRequest(`container ${String(container)} is not valid for pod ${name}`);
  const statuses = (isObject(pod.status) && Array.isArray(pod.status.containerStatuses) ? pod.status.containerStatuses : []).filter(
    isObject,
  );
  const state = statuses.find((s) => s.name === chosen.name)?.state as JsonObject | undefined;
  const started = isObject(state?.running) ? state.running.startedAt : isObject(state?.terminated) ? state.terminated.startedAt : undefined;
  if (!started) {
    const reason = isObject(state?.waiting) ? String(state.waiting.reason) : 'ContainerCreating';
    throw badRequest(`container "${String(chosen.name)}" in pod "${name}" is waiting to start: ${reason}`);
  }
  return `${String(started)} cluster-sim: container "${String(chosen.name)}" started from image "${String(chosen.image)}"\n`;
}
