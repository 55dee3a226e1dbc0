import type { KubeObject, TraitPlugin } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

interface EnvProperties {
  env: Record<string, string>;
  /** Container names to change; all containers when left out. */
  containers?: string[];
}

interface Container {
  name: string;
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
}

type Obj = Record<string, unknown>;
const at = (value: unknown, key: string): Obj | undefined =>
  value && typeof value === 'object' ? ((value as Obj)[key] as Obj | undefined) : undefined;

/** The pod spec of a Deployment, StatefulSet, DaemonSet, Job (spec.template) or CronJob (spec.jobTemplate). */
function podSpecOf(workload: KubeObject): { containers?: Container[] } {
  const spec = at(workload, 'spec');
  const template = workload.kind === 'CronJob' ? at(at(at(spec, 'jobTemplate'), 'spec'), 'template') : at(spec, 'template');
  const podSpec = at(template, 'spec');
  if (!podSpec) throw new Error(`${workload.kind}/${workload.metadata.name} has no pod template to add environment variables to`);
  return podSpec as { containers?: Container[] };
}

/** Sets environment variables on the workload's containers; a variable already there is replaced. */
export const apply: TraitPlugin<EnvProperties>['apply'] = (input) => {
  const workload = JSON.parse(JSON.stringify(input.workload)) as KubeObject;
  const only = input.properties.containers;
  for (const container of podSpecOf(workload).containers ?? []) {
    if (only && !only.includes(container.name)) continue;
    const names = new Set(Object.keys(input.properties.env));
    const kept = (container.env ?? []).filter((e) => !names.has(e.name));
    container.env = [...kept, ...[...names].sort().map((name) => ({ name, value: String(input.properties.env[name]) }))];
  }
  return { workload };
};
