import { isObject, type JsonObject } from '../domain/json-value.js';
import type { StoreEvent } from '../store/object-store.js';
import { metaOf, nameOf, namespaceOf } from '../store/object-store.js';
import { keyOf, ownerNameOfPod, timestamp, TYPES, type ControllerContext } from './controller-context.js';
import { isPodReady, podFromTemplate, podPhase, randomSuffix } from './pod-lifecycle.controller.js';

const MANAGER = 'job-controller';

const condition = (type: string, reason: string, message: string): JsonObject => {
  const now = timestamp();
  return { type, status: 'True', reason, message, lastProbeTime: now, lastTransitionTime: now };
};

/**
 * Jobs run `parallelism` Pods at a time until `completions` succeeded (Complete) or more than
 * `backoffLimit` failed (Failed, BackoffLimitExceeded). A finished Job is left alone.
 */
export class JobController {
  constructor(private readonly ctx: ControllerContext) {}

  onEvent(e: StoreEvent): void {
    const name = e.key === keyOf(TYPES.job) && e.type !== 'DELETED' ? nameOf(e.object) : ownerNameOfPod(e, 'Job');
    if (name) this.ctx.enqueue(`job/${namespaceOf(e.object)}/${name}`, () => this.reconcile(namespaceOf(e.object), name));
  }

  private reconcile(namespace: string, name: string): void {
    const job = this.ctx.get(TYPES.job, namespace, name);
    if (!job || !isObject(job.spec)) return;
    const previous = isObject(job.status) ? job.status : {};
    const conditions = Array.isArray(previous.conditions) ? previous.conditions.filter(isObject) : [];
    if (conditions.some((c) => c.type === 'Complete' || c.type === 'Failed')) return;
    const spec = job.spec;
    const completions = Number(spec.completions ?? 1);
    const parallelism = Number(spec.parallelism ?? 1);
    const backoffLimit = Number(spec.backoffLimit ?? 6);
    const pods = this.ctx.owned(TYPES.pod, job);
    const succeeded = pods.filter((p) => podPhase(p) === 'Succeeded').length;
    const failed = pods.filter((p) => podPhase(p) === 'Failed').length;
    const active = pods.filter((p) => !['Succeeded', 'Failed'].includes(podPhase(p)));
    const status: JsonObject = {
      startTime: String(previous.startTime ?? timestamp()),
      active: active.length,
      ready: active.filter(isPodReady).length,
      succeeded,
      failed,
      uncountedTerminatedPods: {},
    };
    if (succeeded >= completions) {
      status.active = 0;
      status.completionTime = timestamp();
      status.conditions = [
        condition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'),
        condition('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods'),
      ];
    } else if (failed > backoffLimit) {
      for (const p of active) this.ctx.remove(TYPES.pod, p);
      status.active = 0;
      status.conditions = [
        condition('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'),
        condition('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'),
      ];
    } else {
      const want = Math.min(parallelism, completions - succeeded) - active.length;
      const template = isObject(spec.template) ? spec.template : {};
      const labels = {
        'batch.kubernetes.io/job-name': name,
        'job-name': name,
        'batch.kubernetes.io/controller-uid': String(metaOf(job).uid),
      };
      for (let i = 0; i < want; i++)
        this.ctx.create(TYPES.pod, namespace, podFromTemplate(job, template, `${name}-${randomSuffix()}`, labels), MANAGER);
      status.active = active.length + Math.max(0, want);
    }
    this.ctx.setStatus(TYPES.job, job, status, MANAGER);
  }
}
