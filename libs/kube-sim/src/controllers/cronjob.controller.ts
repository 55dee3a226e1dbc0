import { parseCronSchedule } from '../domain/cron-schedule.js';
import { cloneJson, isObject, type JsonObject } from '../domain/json-value.js';
import type { StoreEvent } from '../store/object-store.js';
import { metaOf, nameOf, namespaceOf } from '../store/object-store.js';
import { BUILTIN_TYPES } from '../domain/resource-types.js';
import { controllerOwnerName, keyOf, ownerRef, TYPES, type ControllerContext } from './controller-context.js';

const MANAGER = 'cronjob-controller';
const cronJobType = BUILTIN_TYPES.find((rt) => rt.resource === 'cronjobs')!;

const finished = (job: JsonObject): string | undefined => {
  const conditions = isObject(job.status) && Array.isArray(job.status.conditions) ? job.status.conditions.filter(isObject) : [];
  return conditions.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type as string | undefined;
};

/**
 * CronJobs create a Job at each scheduled minute (UTC), honouring `suspend`, the
 * `concurrencyPolicy` (Allow, Forbid, Replace) and the history limits. Missed runs while the
 * simulator was not running are not made up. A timer is armed only for the next run.
 */
export class CronJobController {
  private readonly armed = new Map<string, number>();

  constructor(private readonly ctx: ControllerContext) {}

  onEvent(e: StoreEvent): void {
    const key = keyOf(cronJobType);
    let name: string | undefined;
    if (e.key === key) name = e.type === 'DELETED' ? undefined : nameOf(e.object);
    else if (e.key === keyOf(TYPES.job)) name = controllerOwnerName(e.object, 'CronJob');
    if (name) this.ctx.enqueue(`cj/${namespaceOf(e.object)}/${name}`, () => this.reconcile(namespaceOf(e.object), name));
  }

  private reconcile(namespace: string, name: string): void {
    const cj = this.ctx.get(cronJobType, namespace, name);
    if (!cj || !isObject(cj.spec)) return;
    const jobs = this.ctx.owned(TYPES.job, cj);
    this.pruneHistory(cj, jobs);
    const active = jobs.filter((j) => !finished(j));
    const succeeded = jobs
      .filter((j) => finished(j) === 'Complete')
      .map((j) => String((j.status as JsonObject).completionTime ?? ''))
      .sort();
    const previous = isObject(cj.status) ? cj.status : {};
    const status: JsonObject = {
      ...previous,
      active: active.map((j) => ({ kind: 'Job', namespace, name: nameOf(j), uid: String(metaOf(j).uid), apiVersion: 'batch/v1' })),
    };
    if (active.length === 0) delete status.active;
    if (succeeded.length > 0) status.lastSuccessfulTime = succeeded[succeeded.length - 1]!;
    this.ctx.setStatus(cronJobType, cj, status, MANAGER);
    if (cj.spec.suspend !== true) this.arm(cj);
  }

  private arm(cj: JsonObject): void {
    const uid = String(metaOf(cj).uid);
    const next = parseCronSchedule(String((cj.spec as JsonObject).schedule)).next(new Date());
    if (!next || this.armed.get(uid) === next.getTime()) return;
    this.armed.set(uid, next.getTime());
    this.ctx.after(next.getTime() - Date.now(), () => {
      if (this.armed.get(uid) === next.getTime()) this.armed.delete(uid);
      this.run(namespaceOf(cj), nameOf(cj), uid, next);
    });
  }

  private run(namespace: string, name: string, uid: string, scheduled: Date): void {
    const cj = this.ctx.get(cronJobType, namespace, name);
    if (!cj || metaOf(cj).uid !== uid || !isObject(cj.spec) || cj.spec.suspend === true) return;
    const active = this.ctx.owned(TYPES.job, cj).filter((j) => !finished(j));
    const policy = String(cj.spec.concurrencyPolicy ?? 'Allow');
    if (policy === 'Forbid' && active.length > 0) return this.reconcile(namespace, name);
    if (policy === 'Replace') for (const j of active) this.ctx.remove(TYPES.job, j);
    const template = isObject(cj.spec.jobTemplate) ? cloneJson(cj.spec.jobTemplate) : {};
    const tmeta = isObject(template.metadata) ? template.metadata : {};
    this.ctx.create(
      TYPES.job,
      namespace,
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { ...tmeta, name: `${name}-${Math.floor(scheduled.getTime() / 60_000)}`, namespace, ownerReferences: [ownerRef(cj)] },
        spec: isObject(template.spec) ? template.spec : {},
      },
      MANAGER,
    );
    const live = this.ctx.get(cronJobType, namespace, name);
    if (live)
      this.ctx.setStatus(
        cronJobType,
        live,
        { ...(isObject(live.status) ? live.status : {}), lastScheduleTime: scheduled.toISOString().replace(/\.\d+Z$/, 'Z') },
        MANAGER,
      );
  }

  private pruneHistory(cj: JsonObject, jobs: JsonObject[]): void {
    const spec = cj.spec as JsonObject;
    const limits: Record<string, number> = {
      Complete: Number(spec.successfulJobsHistoryLimit ?? 3),
      Failed: Number(spec.failedJobsHistoryLimit ?? 1),
    };
    for (const outcome of ['Complete', 'Failed']) {
      const done = jobs
        .filter((j) => finished(j) === outcome)
        .sort((a, b) => String(metaOf(a).creationTimestamp).localeCompare(String(metaOf(b).creationTimestamp)));
      for (const j of done.slice(0, Math.max(0, done.length - limits[outcome]!))) this.ctx.remove(TYPES.job, j);
    }
  }
}
