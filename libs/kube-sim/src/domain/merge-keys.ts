import { isObject, type Json } from './json-value.js';

/**
 * Merge keys of the list fields that strategic merge patch and server-side apply merge by key
 * instead of replacing, as the built-in types declare them (`patchMergeKey` / `listMapKeys`).
 * Looked up by field name alone: the common workload types never reuse these names differently,
 * except `ports`, whose key depends on whether it lists container or service ports.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  conditions: 'type',
  ownerReferences: 'uid',
  topologySpreadConstraints: 'topologyKey',
};

/** Primitive lists that merge as sets rather than being replaced. */
const SET_LISTS = new Set(['finalizers']);

export function mergeKeyFor(field: string, items: Json[] | undefined): string | undefined {
  if (field === 'ports') {
    const first = (items ?? []).find(isObject);
    return first && 'containerPort' in first ? 'containerPort' : 'port';
  }
  return MERGE_KEYS[field];
}

export const isSetList = (field: string): boolean => SET_LISTS.has(field);
