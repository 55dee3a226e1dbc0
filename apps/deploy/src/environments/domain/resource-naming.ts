import { createHash } from 'node:crypto';

/** Who owns an object: written as labels on everything a deployment applies. */
export interface Ownership {
  appId: string;
  componentName: string;
  stage?: string;
  deploymentId: string;
}

export const ownershipLabels = {
  managedBy: 'app.kubernetes.io/managed-by',
  app: 'appmanager.io/app',
  component: 'appmanager.io/component',
  stage: 'appmanager.io/stage',
  deployment: 'appmanager.io/deployment',
} as const;

const maxName = 63;

/** A DNS-1123 label: lower case, a-z0-9 and '-', at most 63 characters, cut with a hash so it stays unique. */
export function dnsLabel(text: string): string {
  const cleaned =
    text
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x';
  if (cleaned.length <= maxName) return cleaned;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return `${cleaned.slice(0, maxName - 9).replace(/-+$/, '')}-${hash}`;
}

/**
 * The name objects of a component get: `{stage}-{app}-{component}` as AppManager did, so several stages share
 * one namespace without collisions. Without a stage it is `{app}-{component}`.
 */
export function resourceName(owner: Pick<Ownership, 'appId' | 'componentName' | 'stage'>): string {
  return dnsLabel([owner.stage, owner.appId, owner.componentName].filter(Boolean).join('-'));
}

/** A label value: at most 63 of [A-Za-z0-9._-], starting and ending alphanumeric. */
export function labelValue(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  if (cleaned.length <= maxName) return cleaned;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return `${cleaned.slice(0, maxName - 9).replace(/[^A-Za-z0-9]+$/, '')}-${hash}`;
}

export function ownerLabels(owner: Ownership): Record<string, string> {
  const labels: Record<string, string> = {
    [ownershipLabels.managedBy]: 'appmanager',
    [ownershipLabels.app]: labelValue(owner.appId),
    [ownershipLabels.component]: labelValue(owner.componentName),
    [ownershipLabels.deployment]: labelValue(owner.deploymentId),
  };
  if (owner.stage) labels[ownershipLabels.stage] = labelValue(owner.stage);
  return labels;
}

/** A label selector for everything of one app in one stage (what the sensor and destroy look for). */
export function stageSelector(appId: string, stage?: string): string {
  const parts = [`${ownershipLabels.app}=${labelValue(appId)}`];
  if (stage) parts.push(`${ownershipLabels.stage}=${labelValue(stage)}`);
  return parts.join(',');
}

interface LabelledObject {
  metadata: { name: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * Returns copies of the rendered objects carrying the ownership labels, also on a pod template when there is one
 * (so pods are found by app/stage too). On the template a label the plug-in set is never overwritten, since a
 * selector may match it; selectors are left alone. The `deployment` label stays off the pod template so a new
 * deployment does not roll every pod.
 */
export function stampOwnership<T extends LabelledObject>(objects: readonly T[], owner: Ownership): T[] {
  const labels = ownerLabels(owner);
  const { [ownershipLabels.deployment]: _deployment, ...podLabels } = labels;
  return objects.map((object) => {
    const copy = structuredClone(object);
    copy.metadata.labels = { ...(copy.metadata.labels ?? {}), ...labels };
    const template = (copy['spec'] as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)?.template;
    if (template) template.metadata = { ...(template.metadata ?? {}), labels: { ...podLabels, ...(template.metadata?.labels ?? {}) } };
    return copy;
  });
}
