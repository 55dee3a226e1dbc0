import { isObject, type JsonObject } from '../domain/json-value.js';
import { metaOf, nameOf } from '../store/object-store.js';
import { timestamp } from './controller-context.js';

/** Resolves an int-or-percent budget (`maxSurge`, `maxUnavailable`) against the replica count. */
export function resolveBudget(value: unknown, replicas: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(String(value));
  if (!m) return Number(value) || 0;
  const exact = (Number(m[1]) * replicas) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

const num = (o: JsonObject, field: string): number => Number(isObject(o.status) ? (o.status[field] ?? 0) : 0);
const specReplicas = (o: JsonObject): number => Number(isObject(o.spec) ? (o.spec.replicas ?? 0) : 0);

interface Condition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
}

/** Keeps transition times when a condition's status did not change, as the controller does. */
function mergeCondition(previous: JsonObject[], next: Condition): JsonObject {
  const now = timestamp();
  const old = previous.find((c) => c.type === next.type);
  const sameStatus = old?.status === next.status;
  const sameReason = sameStatus && old?.reason === next.reason;
  return {
    ...next,
    lastUpdateTime: sameReason ? String(old!.lastUpdateTime ?? now) : now,
    lastTransitionTime: sameStatus ? String(old!.lastTransitionTime ?? now) : now,
  };
}

function progressing(d: JsonObject, newRs: JsonObject, complete: boolean, previous: JsonObject[]): Condition {
  const rsName = nameOf(newRs);
  if (complete)
    return {
      type: 'Progressing',
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${rsName}" has successfully progressed.`,
    };
  const old = previous.find((c) => c.type === 'Progressing');
  const deadlineMs = Number(isObject(d.spec) ? (d.spec.progressDeadlineSeconds ?? 600) : 600) * 1000;
  const since = Date.parse(String(old?.lastUpdateTime ?? ''));
  if (
    old?.reason === 'ProgressDeadlineExceeded' ||
    (old?.status === 'True' && old.reason !== 'NewReplicaSetAvailable' && Date.now() - since > deadlineMs)
  ) {
    return {
      type: 'Progressing',
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${rsName}" has timed out progressing.`,
    };
  }
  if (!old || old.reason === 'NewReplicaSetAvailable') {
    const created = old ? 'ReplicaSetUpdated' : 'NewReplicaSetCreated';
    return { type: 'Progressing', status: 'True', reason: created, message: `ReplicaSet "${rsName}" is progressing.` };
  }
  return { type: 'Progressing', status: 'True', reason: String(old.reason), message: `ReplicaSet "${rsName}" is progressing.` };
}

/** The status a Deployment reports given its current ReplicaSets. */
export function deploymentStatus(d: JsonObject, newRs: JsonObject, olds: JsonObject[]): JsonObject {
  const all = [newRs, ...olds];
  const desired = specReplicas(d);
  const replicas = all.reduce((n, rs) => n + num(rs, 'replicas'), 0);
  const ready = all.reduce((n, rs) => n + num(rs, 'readyReplicas'), 0);
  const available = all.reduce((n, rs) => n + num(rs, 'availableReplicas'), 0);
  const updated = num(newRs, 'replicas');
  const strategy = isObject(d.spec) && isObject(d.spec.strategy) ? d.spec.strategy : {};
  const ru = isObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  const maxUnavailable = strategy.type === 'Recreate' ? 0 : resolveBudget(ru.maxUnavailable ?? '25%', desired, false);
  const previous = (isObject(d.status) && Array.isArray(d.status.conditions) ? d.status.conditions : []).filter(isObject);
  const complete =
    updated === desired && replicas === desired && num(newRs, 'availableReplicas') === desired && specReplicas(newRs) === desired;
  const isAvailable = available >= desired - maxUnavailable;
  const availableCond: Condition = isAvailable
    ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
    : {
        type: 'Available',
        status: 'False',
        reason: 'MinimumReplicasUnavailable',
        message: 'Deployment does not have minimum availability.',
      };
  return {
    observedGeneration: Number(metaOf(d).generation ?? 1),
    replicas,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: available,
    unavailableReplicas: Math.max(0, replicas - available),
    conditions: [mergeCondition(previous, availableCond), mergeCondition(previous, progressing(d, newRs, complete, previous))],
  };
}
