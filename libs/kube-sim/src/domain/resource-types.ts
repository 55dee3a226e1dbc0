/** One served resource, as discovery describes it. */
export interface ResourceType {
  group: string;
  version: string;
  /** plural, lower case: the URL segment */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  hasStatus: boolean;
  categories?: string[];
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const t = (
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  shortNames: string[] = [],
  hasStatus = false,
  categories?: string[],
): ResourceType => ({
  group,
  version,
  resource,
  kind,
  namespaced,
  shortNames,
  hasStatus,
  singular: kind.toLowerCase(),
  ...(categories ? { categories } : {}),
});

/** The built-in resources every simulated cluster serves. */
export const BUILTIN_TYPES: readonly ResourceType[] = [
  t('', 'v1', 'namespaces', 'Namespace', false, ['ns'], true),
  t('', 'v1', 'configmaps', 'ConfigMap', true, ['cm']),
  t('', 'v1', 'secrets', 'Secret', true),
  t('', 'v1', 'services', 'Service', true, ['svc'], true, ['all']),
  t('', 'v1', 'pods', 'Pod', true, ['po'], true, ['all']),
  t('', 'v1', 'serviceaccounts', 'ServiceAccount', true, ['sa']),
  t('', 'v1', 'events', 'Event', true, ['ev']),
  t('', 'v1', 'nodes', 'Node', false, ['no'], true),
  t('apps', 'v1', 'deployments', 'Deployment', true, ['deploy'], true, ['all']),
  t('apps', 'v1', 'replicasets', 'ReplicaSet', true, ['rs'], true, ['all']),
  t('apps', 'v1', 'statefulsets', 'StatefulSet', true, ['sts'], true, ['all']),
  t('apps', 'v1', 'daemonsets', 'DaemonSet', true, ['ds'], true, ['all']),
  t('batch', 'v1', 'jobs', 'Job', true, [], true, ['all']),
  t('batch', 'v1', 'cronjobs', 'CronJob', true, ['cj'], true, ['all']),
  t('networking.k8s.io', 'v1', 'ingresses', 'Ingress', true, ['ing'], true),
  t('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ['hpa'], true, ['all']),
  t('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, ['pdb'], true),
  t('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', false, ['crd', 'crds'], true),
];

/** `apps/v1` or `v1` for the core group. */
export const groupVersion = (rt: { group: string; version: string }): string => (rt.group ? `${rt.group}/${rt.version}` : rt.version);

/** The key a resource type is stored under: group + plural, independent of version. */
export const typeKey = (group: string, resource: string): string => `${group}/${resource}`;
