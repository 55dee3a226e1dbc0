import type { KubeObject, TraitPlugin } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

interface SidecarProperties {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: Record<string, string>;
  ports?: Array<{ containerPort: number; name?: string; protocol?: string }>;
  resources?: Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const at = (value: unknown, key: string): Obj | undefined =>
  value && typeof value === 'object' ? ((value as Obj)[key] as Obj | undefined) : undefined;

/** The pod spec of a Deployment, StatefulSet, DaemonSet, Job (spec.template) or CronJob (spec.jobTemplate). */
function podSpecOf(workload: KubeObject): { containers?: Array<{ name: string }> } {
  const spec = at(workload, 'spec');
  const template = workload.kind === 'CronJob' ? at(at(at(spec, 'jobTemplate'), 'spec'), 'template') : at(spec, 'template');
  const podSpec = at(template, 'spec');
  if (!podSpec) throw new Error(`${workload.kind}/${workload.metadata.name} has no pod template to add a sidecar to`);
  return podSpec as { containers?: Array<{ name: string }> };
}

/** Appends a container to the pod; one with the same name is replaced, so applying twice is harmless. */
export const apply: TraitPlugin<SidecarProperties>['apply'] = (input) => {
  const workload = JSON.parse(JSON.stringify(input.workload)) as KubeObject;
  const p = input.properties;
  const sidecar: Obj = { name: p.name, image: p.image };
  if (p.command) sidecar['command'] = p.command;
  if (p.args) sidecar['args'] = p.args;
  if (p.env)
    sidecar['env'] = Object.keys(p.env)
      .sort()
      .map((name) => ({ name, value: String(p.env?.[name]) }));
  if (p.ports) sidecar['ports'] = p.ports;
  if (p.resources) sidecar['resources'] = p.resources;
  const pod = podSpecOf(workload);
  pod.containers = [...(pod.containers ?? []).filter((c) => c.name !== p.name), sidecar as { name: string }];
  return { workload };
};
