import type { ComponentInput, ComponentPlugin, ComponentStatusResult, KubeObject, KubeObjectRef } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

interface JobProperties {
  image: string;
  command?: string[];
  args?: string[];
  env?: Record<string, string>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
}

type Input = ComponentInput<JobProperties>;

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

function job(input: Input): KubeObject {
  const p = input.properties;
  const container: Record<string, unknown> = { name: input.component.name, image: p.image };
  if (p.command) container['command'] = p.command;
  if (p.args) container['args'] = p.args;
  if (p.env) container['env'] = Object.keys(p.env).sort().map((name) => ({ name, value: String(p.env?.[name]) }));
  if (p.resources) container['resources'] = p.resources;
  const spec: Record<string, unknown> = {
    backoffLimit: p.backoffLimit ?? 3,
    template: { metadata: { labels: labels(input) }, spec: { restartPolicy: 'Never', containers: [container] } },
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
  if (condition('Complete') || (status.succeeded ?? 0) > 0) return { state: 'COMPLETED', message: `${status.succeeded ?? 1} pod(s) succeeded` };
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

export const destroy: ComponentPlugin<JobProperties>['destroy'] = async (input, host) => {
  const ref = { apiVersion: 'batch/v1', kind: 'Job', name: objectName(input) };
  return { deleted: (await host.kube!.delete(ref)) ? [ref] : [] };
};
