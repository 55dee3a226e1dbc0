import type { ComponentInput, ComponentPlugin, ComponentStatusResult, KubeObject, KubeObjectRef } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

interface NativeProperties {
  image: string;
  command?: string[];
  args?: string[];
  env?: Record<string, string>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
}

type Obj = Record<string, unknown>;

/** AppManager's `apps.abm.io/v1 Job` workload, as its K8S_JOB packages carry it. */
interface AbmJob {
  apiVersion?: string;
  kind?: string;
  spec: {
    containers: Obj[];
    initContainers?: Obj[];
    /** applies to every container and init container; a container's own variable of the same name wins */
    env?: Record<string, unknown>;
    backoffLimit?: number;
    activeDeadlineSeconds?: number;
    ttlSecondsAfterFinished?: number;
  } & Obj;
}

type JobProperties = NativeProperties | AbmJob;
type Input = ComponentInput<JobProperties>;

/** Pod-level fields of an AppManager workload passed through to the pod spec as given. */
const POD_FIELDS = ['volumes', 'serviceAccountName', 'nodeSelector', 'tolerations', 'affinity', 'imagePullSecrets', 'restartPolicy'];

function isAbm(p: JobProperties): p is AbmJob {
  return (p as AbmJob).apiVersion === 'apps.abm.io/v1' || (typeof (p as AbmJob).spec === 'object' && (p as AbmJob).spec !== null);
}

function objectName(input: Input): string {
  const stage = input.context.target.stage;
  return stage ? `${stage}-${input.component.name}` : input.component.name;
}

function labels(input: Input): Record<string, string> {
  const out: Record<string, string> = {
    'appmanager.io/app': input.context.appId,
    'appmanager.io/component': input.component.name,
    'app.kubernetes.io/name': input.component.name,
    'app.kubernetes.io/managed-by': 'appmanager',
  };
  if (input.context.target.stage) out['appmanager.io/stage'] = input.context.target.stage;
  return out;
}

/** Kubernetes env values are strings: a number or an object from a parameter is JSON-encoded. */
function envList(env: Record<string, unknown>): Array<{ name: string; value: string }> {
  return Object.keys(env)
    .sort()
    .map((name) => ({ name, value: typeof env[name] === 'string' ? env[name] : JSON.stringify(env[name] ?? null) }));
}

/** An AppManager container as given, its env (list or map) merged over the workload's env map. */
function abmContainer(container: Obj, shared: Record<string, unknown>, path: string): Obj {
  if (typeof container['image'] !== 'string' || !container['image']) throw new Error(`${path}.image is required`);
  if (typeof container['name'] !== 'string' || !container['name']) throw new Error(`${path}.name is required`);
  const own = container['env'];
  const ownList = Array.isArray(own) ? (own as Array<{ name: string }>) : own && typeof own === 'object' ? envList(own as Obj) : [];
  const names = new Set(ownList.map((e) => e.name));
  const env = [...envList(shared).filter((e) => !names.has(e.name)), ...ownList];
  const out: Obj = { ...container };
  if (env.length > 0) out['env'] = env;
  else delete out['env'];
  return out;
}

function podSpec(input: Input): Obj {
  const p = input.properties;
  if (isAbm(p)) {
    if (!Array.isArray(p.spec.containers) || p.spec.containers.length === 0)
      throw new Error('spec.containers must list at least one container');
    const shared = p.spec.env ?? {};
    const spec: Obj = {
      restartPolicy: 'Never',
      containers: p.spec.containers.map((c, i) => abmContainer(c, shared, `spec.containers[${i}]`)),
    };
    if (p.spec.initContainers?.length)
      spec['initContainers'] = p.spec.initContainers.map((c, i) => abmContainer(c, shared, `spec.initContainers[${i}]`));
    for (const field of POD_FIELDS) if (p.spec[field] !== undefined) spec[field] = p.spec[field];
    return spec;
  }
  const container: Obj = { name: input.component.name, image: p.image };
  if (p.command) container['command'] = p.command;
  if (p.args) container['args'] = p.args;
  if (p.env) container['env'] = envList(p.env);
  if (p.resources) container['resources'] = p.resources;
  return { restartPolicy: 'Never', containers: [container] };
}

function job(input: Input): KubeObject {
  const p = isAbm(input.properties) ? input.properties.spec : input.properties;
  const spec: Obj = {
    backoffLimit: p.backoffLimit ?? 3,
    template: { metadata: { labels: labels(input) }, spec: podSpec(input) },
  };
  if (p.activeDeadlineSeconds !== undefined) spec['activeDeadlineSeconds'] = p.activeDeadlineSeconds;
  if (p.ttlSecondsAfterFinished !== undefined) spec['ttlSecondsAfterFinished'] = p.ttlSecondsAfterFinished;
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: objectName(input), labels: labels(input) }, spec };
}

interface JobStatus {
  active?: number;
  succeeded?: number;
  failed?: number;
  conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>;
}

function jobState(live: KubeObject | null): ComponentStatusResult {
  if (!live) return { state: 'PENDING', message: 'Job not found' };
  const status = (live['status'] ?? {}) as JobStatus;
  const condition = (type: string) => status.conditions?.find((c) => c.type === type && c.status === 'True');
  const failed = condition('Failed');
  if (failed) return { state: 'FAILURE', message: failed.message ?? failed.reason ?? 'the Job failed' };
  if (condition('Complete') || (status.succeeded ?? 0) > 0)
    return { state: 'COMPLETED', message: `${status.succeeded ?? 1} pod(s) succeeded` };
  if ((status.active ?? 0) > 0) return { state: 'RUNNING', message: `${status.active} pod(s) running, ${status.failed ?? 0} failed` };
  return { state: 'PENDING', message: 'no pod has started yet' };
}

/**
 * A Kubernetes Job. Its pod template is immutable once created, so a changed job (new image) needs the
 * old Job destroyed first; apply reports the API server's refusal otherwise.
 */
export const render: ComponentPlugin<JobProperties>['render'] = (input) => ({ resources: [job(input)] });

export const apply: ComponentPlugin<JobProperties>['apply'] = async (input, host) => {
  const applied: KubeObjectRef[] = [];
  for (const resource of input.resources) {
    const live = await host.kube!.apply(resource);
    applied.push({ apiVersion: live.apiVersion, kind: live.kind, name: live.metadata.name });
  }
  await host.outputs?.set('jobName', objectName(input));
  return { applied };
};

export const status: ComponentPlugin<JobProperties>['status'] = async (input, host) =>
  jobState(await host.kube!.get({ apiVersion: 'batch/v1', kind: 'Job', name: objectName(input) }));

/** The Job; the cluster's garbage collector removes the pods it owns. */
export const destroy: ComponentPlugin<JobProperties>['destroy'] = async (input, host) => {
  const ref = { apiVersion: 'batch/v1', kind: 'Job', name: objectName(input) };
  return { deleted: (await host.kube!.delete(ref)) ? [ref] : [] };
};
