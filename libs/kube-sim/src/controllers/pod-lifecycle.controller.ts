import { randomBytes } from 'node:crypto';
import { cloneJson, isObject, type JsonObject } from '../domain/json-value.js';
import type { StoreEvent } from '../store/object-store.js';
import { metaOf, nameOf, namespaceOf } from '../store/object-store.js';
import { kanikoTermination } from './kaniko.sim.js';
import { ANNOTATIONS, keyOf, ownerRef, timestamp, TYPES, type ControllerContext } from './controller-context.js';

const MANAGER = 'kubelet';
const NODE = 'sim-node-1';
const MAX_BACKOFF_MS = 300_000;

/** Builds a Pod from a workload's template, owned by that workload. */
export function podFromTemplate(
  owner: JsonObject,
  template: JsonObject,
  name: string,
  extraLabels: Record<string, string> = {},
): JsonObject {
  const tmeta = isObject(template.metadata) ? template.metadata : {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: namespaceOf(owner),
      labels: { ...(isObject(tmeta.labels) ? tmeta.labels : {}), ...extraLabels },
      ...(isObject(tmeta.annotations) ? { annotations: tmeta.annotations } : {}),
      ownerReferences: [ownerRef(owner)],
    },
    spec: { ...cloneJson(isObject(template.spec) ? template.spec : {}), nodeName: NODE },
  };
}

export const randomSuffix = (): string => randomBytes(4).toString('hex').slice(0, 5);

export function isPodReady(pod: JsonObject): boolean {
  const conditions = isObject(pod.status) && Array.isArray(pod.status.conditions) ? pod.status.conditions : [];
  return conditions.some((c) => isObject(c) && c.type === 'Ready' && c.status === 'True');
}

export const podPhase = (pod: JsonObject): string => String((isObject(pod.status) && pod.status.phase) || 'Pending');

const containersOf = (pod: JsonObject): JsonObject[] =>
  (isObject(pod.spec) && Array.isArray(pod.spec.containers) ? pod.spec.containers : []).filter(isObject);

const annotation = (pod: JsonObject, key: string): string | undefined => {
  const a = metaOf(pod).annotations;
  return isObject(a) && typeof a[key] === 'string' ? a[key] : undefined;
};

function containerStatuses(pod: JsonObject, state: JsonObject, ready: boolean, restartCount = 0): JsonObject[] {
  return containersOf(pod).map((c) => ({
    name: String(c.name),
    image: String(c.image),
    imageID: '',
    ready,
    started: ready,
    restartCount,
    state,
  }));
}

function status(phase: string, ready: boolean, pod: JsonObject, state: JsonObject, restartCount = 0, extra: JsonObject = {}): JsonObject {
  const now = timestamp();
  const cond = (type: string, ok: boolean) => ({ type, status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now });
  return {
    phase,
    conditions: [cond('PodScheduled', true), cond('Initialized', true), cond('ContainersReady', ready), cond('Ready', ready)],
    hostIP: '10.0.0.1',
    podIP:
      isObject(pod.status) && pod.status.podIP
        ? pod.status.podIP
        : `10.244.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`,
    startTime: isObject(pod.status) && pod.status.startTime ? pod.status.startTime : now,
    containerStatuses: containerStatuses(pod, state, ready, restartCount),
    ...extra,
  };
}

/** Each simulated Kaniko container of a finished Pod reports its digest in its termination message. */
function withKanikoDigests(st: JsonObject, containers: JsonObject[]): void {
  const statuses = (st.containerStatuses as JsonObject[]).map((cs, i) => {
    const digest = containers[i] && kanikoTermination(containers[i]);
    return digest && isObject(cs.state) && isObject(cs.state.terminated)
      ? { ...cs, state: { terminated: { ...cs.state.terminated, ...digest } } }
      : cs;
  });
  st.containerStatuses = statuses;
}

/**
 * The simulated kubelet: a new Pod goes Pending, then after the configured delay Running/Ready,
 * or ImagePullBackOff for an unpullable image, or CrashLoopBackOff on demand; Pods that must
 * terminate (restartPolicy Never/OnFailure) exit after their run time with their exit code.
 */
export class PodLifecycleController {
  /** Pods already crash-looping: their own status writes must not start another loop. */
  private readonly crashing = new Set<string>();

  constructor(private readonly ctx: ControllerContext) {}

  /** A running pod annotated crash-loop=true (`kubectl annotate pod`) breaks: how a test breaks a pod that was healthy. */
  private breakIfAsked(pod: JsonObject, uid: string): void {
    if (annotation(pod, ANNOTATIONS.crashLoop) !== 'true' || this.crashing.has(uid)) return;
    const restartPolicy = isObject(pod.spec) ? String(pod.spec.restartPolicy ?? 'Always') : 'Always';
    if (restartPolicy !== 'Always') return;
    this.crashing.add(uid);
    this.ctx.enqueue(`pod-break/${uid}`, () => this.crash(pod, uid, 1));
  }

  onEvent(e: StoreEvent): void {
    if (e.key !== keyOf(TYPES.pod)) return;
    const pod = e.object;
    const uid = String(metaOf(pod).uid);
    if (e.type === 'DELETED') return void this.crashing.delete(uid);
    if (e.type === 'MODIFIED') return this.breakIfAsked(pod, uid);
    if (e.type !== 'ADDED') return;
    this.ctx.enqueue(`pod-pending/${uid}`, () => {
      if (this.write(pod, uid, status('Pending', false, pod, { waiting: { reason: 'ContainerCreating' } }))) {
        this.ctx.event(
          pod,
          'Normal',
          'Scheduled',
          `Successfully assigned ${namespaceOf(pod)}/${nameOf(pod)} to ${NODE}`,
          'default-scheduler',
        );
      }
    });
    this.ctx.after(this.ctx.behaviour.podReadyDelayMs, () => this.start(pod, uid));
  }

  private start(pod: JsonObject, uid: string): void {
    const b = this.ctx.behaviour;
    const images = containersOf(pod).map((c) => String(c.image));
    const bad = images.find((i) => b.unpullableImage.test(i));
    if (bad) {
      const message = `Back-off pulling image "${bad}"`;
      if (this.write(pod, uid, status('Pending', false, pod, { waiting: { reason: 'ImagePullBackOff', message } }))) {
        this.ctx.event(pod, 'Warning', 'Failed', `Failed to pull image "${bad}": not found`, MANAGER);
        this.ctx.event(pod, 'Normal', 'BackOff', message, MANAGER);
      }
      return;
    }
    const restartPolicy = isObject(pod.spec) ? String(pod.spec.restartPolicy ?? 'Always') : 'Always';
    const crashes = annotation(pod, ANNOTATIONS.crashLoop) === 'true' || images.some((i) => b.crashLoopImage.test(i));
    if (crashes && restartPolicy === 'Always') {
      this.crashing.add(uid);
      return this.crash(pod, uid, 1);
    }
    const started = { running: { startedAt: timestamp() } };
    if (this.write(pod, uid, status('Running', true, pod, started))) {
      this.ctx.event(
        pod,
        'Normal',
        'Started',
        `Started container ${containersOf(pod)
          .map((c) => String(c.name))
          .join(', ')}`,
        MANAGER,
      );
    }
    if (restartPolicy === 'Always') return;
    const runMs = Number(annotation(pod, ANNOTATIONS.runMs) ?? b.jobRunMs);
    const exitCode = crashes ? 1 : Number(annotation(pod, ANNOTATIONS.exitCode) ?? 0);
    this.ctx.after(runMs, () => {
      const terminated = {
        terminated: {
          exitCode,
          reason: exitCode === 0 ? 'Completed' : 'Error',
          startedAt: started.running.startedAt,
          finishedAt: timestamp(),
        },
      };
      const finished = status(exitCode === 0 ? 'Succeeded' : 'Failed', false, pod, terminated);
      if (exitCode === 0) withKanikoDigests(finished, containersOf(pod));
      this.write(pod, uid, finished);
    });
  }

  private crash(pod: JsonObject, uid: string, restarts: number): void {
    const backoff = Math.min(this.ctx.behaviour.crashLoopBackoffMs * 2 ** (restarts - 1), MAX_BACKOFF_MS);
    const message = `back-off ${Math.round(backoff / 1000)}s restarting failed container`;
    const state = { waiting: { reason: 'CrashLoopBackOff', message } };
    const lastState = { terminated: { exitCode: 1, reason: 'Error', finishedAt: timestamp() } };
    const st = status('Running', false, pod, state, restarts);
    for (const cs of st.containerStatuses as JsonObject[]) cs.lastState = lastState;
    if (!this.write(pod, uid, st)) return;
    this.ctx.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container', MANAGER);
    this.ctx.after(backoff, () => this.crash(pod, uid, restarts + 1));
  }

  /** Writes the status if the Pod (this very one, by uid) still exists; says whether it did. */
  private write(pod: JsonObject, uid: string, st: JsonObject): boolean {
    const live = this.ctx.get(TYPES.pod, namespaceOf(pod), nameOf(pod));
    if (!live || metaOf(live).uid !== uid) return false;
    this.ctx.setStatus(TYPES.pod, live, st, MANAGER);
    return true;
  }
}
