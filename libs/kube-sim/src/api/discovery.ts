import { SCALABLE } from './scale.handler.js';
import { ALL_VERBS, groupVersion, type ResourceType } from '../domain/resource-types.js';

/** The version the simulated clusters claim to be. */
export const KUBE_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-cluster-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const serverAddress = [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }];

export const coreVersions = (): object => ({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: serverAddress });

function groupsOf(types: ResourceType[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const rt of types) {
    if (!rt.group) continue;
    const versions = groups.get(rt.group) ?? [];
    if (!versions.includes(rt.version)) versions.push(rt.version);
    groups.set(rt.group, versions);
  }
  return groups;
}

function apiGroup(name: string, versions: string[]): object {
  const list = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: list, preferredVersion: list[0] };
}

export function apiGroupList(types: ResourceType[]): object {
  const groups = [...groupsOf(types)].map(([name, versions]) => apiGroup(name, versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function apiGroupOf(types: ResourceType[], group: string): object | undefined {
  const versions = groupsOf(types).get(group);
  return versions ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, versions) } : undefined;
}

/** APIResourceList for one group/version, with the status subresources kubectl looks for. */
export function apiResourceList(types: ResourceType[], group: string, version: string): object | undefined {
  const matching = types.filter((rt) => rt.group === group && rt.version === version);
  if (matching.length === 0) return undefined;
  const resources: object[] = [];
  for (const rt of matching) {
    resources.push({
      name: rt.resource,
      singularName: rt.singular,
      namespaced: rt.namespaced,
      kind: rt.kind,
      verbs: ALL_VERBS,
      ...(rt.shortNames.length > 0 ? { shortNames: rt.shortNames } : {}),
      ...(rt.categories ? { categories: rt.categories } : {}),
      storageVersionHash: '',
    });
    if (SCALABLE.has(rt.kind)) {
      resources.push({
        name: `${rt.resource}/scale`,
        singularName: '',
        namespaced: true,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
      });
    }
    if (rt.kind === 'Pod') resources.push({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
    if (rt.hasStatus) {
      resources.push({
        name: `${rt.resource}/status`,
        singularName: '',
        namespaced: rt.namespaced,
        kind: rt.kind,
        verbs: ['get', 'patch', 'update'],
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion({ group, version }), resources };
}
