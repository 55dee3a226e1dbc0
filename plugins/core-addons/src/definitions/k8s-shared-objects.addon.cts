import type { AddonInput, AddonPlugin, AddonReleaseInput, AddonShareInput, KubeObject, PluginHost } from '@appmanager/plugin-sdk';

const allowed = (o: KubeObject) => o.apiVersion === 'v1' && (o.kind === 'ConfigMap' || o.kind === 'Secret');

function objectsOf(input: AddonInput): KubeObject[] {
  const objects = (input.properties['objects'] ?? []) as KubeObject[];
  const refused = objects.find((o) => !allowed(o));
  if (refused) throw new Error(`only v1 ConfigMaps and Secrets can be shared, not ${refused.apiVersion}/${refused.kind}`);
  return objects;
}

/**
 * ConfigMaps/Secrets in the instance's namespace (the kube capability is pinned there); names are the outputs. A
 * namespace granted the instance gets copies through `share` (the host pins the capability to that namespace).
 */
const sharedObjects: AddonPlugin = {
  async apply(input: AddonInput, host: PluginHost) {
    if (!host.kube) throw new Error('the kube capability is not granted');
    const names: string[] = [];
    for (const object of objectsOf(input)) {
      await host.kube.apply(object);
      names.push(`${object.kind}/${object.metadata.name}`);
    }
    return { outputs: { objects: names.join(',') }, signature: names.join(',') || 'empty' };
  },
  async share(input: AddonShareInput, host: PluginHost) {
    if (!host.kube) throw new Error('the kube capability is not granted');
    const shared: string[] = [];
    for (const object of objectsOf(input)) {
      await host.kube.apply({ ...object, metadata: { ...object.metadata, namespace: undefined } });
      shared.push(`${object.kind}/${object.metadata.name}`);
    }
    return { shared };
  },
  async release(input: AddonReleaseInput, host: PluginHost) {
    if (!host.kube) throw new Error('the kube capability is not granted');
    for (const o of objectsOf(input)) await host.kube.delete({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name });
    return { released: true };
  },
};

module.exports = sharedObjects;
