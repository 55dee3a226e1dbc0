import type { KubeObject, TraitPlugin } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

/** SREWorks' `timezoneSync.trait.abm.io`: the pods keep the node's clock zone. */
interface TimezoneProperties {
  /** Sets TZ in every container too (e.g. `Asia/Shanghai`), for runtimes that read TZ, not /etc/localtime. */
  timezone?: string;
  /** The node file mounted at /etc/localtime; default /etc/localtime. */
  hostPath?: string;
}

interface Container {
  name: string;
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}

interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  volumes?: Array<{ name: string; hostPath?: { path: string; type?: string } }>;
}

type Obj = Record<string, unknown>;
const at = (value: unknown, key: string): Obj | undefined =>
  value && typeof value === 'object' ? ((value as Obj)[key] as Obj | undefined) : undefined;

const VOLUME = 'host-localtime';
const LOCALTIME = '/etc/localtime';

/** The pod spec of a Deployment, StatefulSet, DaemonSet, Job (spec.template) or CronJob (spec.jobTemplate). */
function podSpecOf(workload: KubeObject): PodSpec {
  const spec = at(workload, 'spec');
  const template = workload.kind === 'CronJob' ? at(at(at(spec, 'jobTemplate'), 'spec'), 'template') : at(spec, 'template');
  const podSpec = at(template, 'spec');
  if (!podSpec) throw new Error(`${workload.kind}/${workload.metadata.name} has no pod template to mount the node's time zone into`);
  return podSpec as PodSpec;
}

function sync(container: Container, timezone: string | undefined): void {
  // a container that already mounts something at /etc/localtime chose its zone itself
  if (!(container.volumeMounts ?? []).some((m) => m.mountPath === LOCALTIME)) {
    container.volumeMounts = [...(container.volumeMounts ?? []), { name: VOLUME, mountPath: LOCALTIME, readOnly: true }];
  }
  if (timezone) container.env = [...(container.env ?? []).filter((e) => e.name !== 'TZ'), { name: 'TZ', value: timezone }];
}

/** A pre-trait: mounts the node's /etc/localtime (hostPath) read-only into every container and sets TZ when given. */
export const apply: TraitPlugin<TimezoneProperties>['apply'] = (input) => {
  const workload = JSON.parse(JSON.stringify(input.workload)) as KubeObject;
  const podSpec = podSpecOf(workload);
  const volumes = podSpec.volumes ?? [];
  if (!volumes.some((v) => v.name === VOLUME))
    podSpec.volumes = [...volumes, { name: VOLUME, hostPath: { path: input.properties.hostPath ?? LOCALTIME, type: 'File' } }];
  for (const container of [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? [])]) sync(container, input.properties.timezone);
  return { workload };
};
