import type { KubeObject, TraitPlugin } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

interface LabelsProperties {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

type Obj = Record<string, unknown>;
const at = (value: unknown, key: string): Obj | undefined =>
  value && typeof value === 'object' ? ((value as Obj)[key] as Obj | undefined) : undefined;

/**
 * Adds labels and annotations to the workload and its pod template. The selector is left alone on
 * purpose: a Deployment's selector is immutable, so changing it would make the next apply fail.
 */
export const apply: TraitPlugin<LabelsProperties>['apply'] = (input) => {
  const workload = JSON.parse(JSON.stringify(input.workload)) as KubeObject;
  const { labels = {}, annotations = {} } = input.properties;
  const targets: Obj[] = [workload.metadata];
  const spec = at(workload, 'spec');
  const template = workload.kind === 'CronJob' ? at(at(at(spec, 'jobTemplate'), 'spec'), 'template') : at(spec, 'template');
  if (template) targets.push((template['metadata'] ??= {}) as Obj);
  for (const metadata of targets) {
    if (Object.keys(labels).length > 0) metadata['labels'] = { ...(metadata['labels'] as Obj | undefined), ...labels };
    if (Object.keys(annotations).length > 0) metadata['annotations'] = { ...(metadata['annotations'] as Obj | undefined), ...annotations };
  }
  return { workload };
};
