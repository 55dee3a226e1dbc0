import type { AddonInput, AddonPlugin, AddonReleaseInput, JsonObject, KubeObject, PluginHost } from '@appmanager/plugin-sdk';

/**
 * AppManager's internal add-ons (`INTERNAL_ADDON|appmeta`, `developmentmeta`, `productopsv2`): the platform's own
 * records of an application (its meta, its development settings, its product pages). Deploy hands over what the app
 * package holds for one: its workload (`apiVersion`, `kind`, `metadata`, `spec`) plus `options` (option.json) and
 * `content` (content.json), and `appId`. Kept on the target cluster as one ConfigMap in the instance's namespace, named as
 * AppManager names the component (`internal-addon-<app>-<type>`), labelled for the app, so nothing is skipped;
 * release deletes it.
 */
function configMapOf(input: AddonInput): KubeObject {
  const { type, name } = input.addon;
  const { options, content, appId: given, deletionPolicy: _policy, ...workload } = input.properties as JsonObject;
  const appId = appIdOf(input, given, workload);
  const data: Record<string, string> = { 'workload.json': JSON.stringify(workload) };
  if (options !== undefined && options !== null) data['option.json'] = JSON.stringify(options);
  if (content !== undefined && content !== null) data['content.json'] = JSON.stringify(content);
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: dnsName(`internal-addon-${appId}-${type}${name === type ? '' : `-${name}`}`),
      labels: {
        'app.kubernetes.io/part-of': labelValue(appId),
        'app.kubernetes.io/managed-by': 'appmanager',
        'appmanager.io/internal-addon': labelValue(type),
      },
    },
    data,
  };
}

/**
 * The application it belongs to: the host's context when it says (the add-on service keeps instances apart from
 * apps, so it does not), else `appId` as deploy sets it beside the package content, else the workload's labels.
 */
function appIdOf(input: AddonInput, given: unknown, workload: JsonObject): string {
  const labels = ((workload['metadata'] as JsonObject | undefined)?.['labels'] ?? {}) as Record<string, unknown>;
  const found = [input.context.appId, given, labels['labels.appmanager.oam.dev/appId'], labels['appId']].find(
    (v) => typeof v === 'string' && v !== '',
  );
  if (typeof found !== 'string') throw new Error(`internal add-on ${input.addon.type} names no application (properties.appId)`);
  return found;
}

function dnsName(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 253) || 'internal-addon'
  );
}

function labelValue(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/** A short fingerprint of the content (djb2), so an unchanged add-on is recognised as such. */
function fingerprint(text: string): string {
  let hash = 5381;
  for (let i = 0; i < text.length; i++) hash = ((hash << 5) + hash + text.charCodeAt(i)) >>> 0;
  return hash.toString(16);
}

const internalAddon: AddonPlugin = {
  async apply(input: AddonInput, host: PluginHost) {
    if (!host.kube) throw new Error('the kube capability is not granted');
    const configMap = configMapOf(input);
    await host.kube.apply(configMap);
    return {
      outputs: { configMap: configMap.metadata.name },
      signature: `${configMap.metadata.name}:${fingerprint(JSON.stringify(configMap['data']))}`,
    };
  },
  async release(input: AddonReleaseInput, host: PluginHost) {
    if (!host.kube) throw new Error('the kube capability is not granted');
    await host.kube.delete({ apiVersion: 'v1', kind: 'ConfigMap', name: configMapOf(input).metadata.name });
    return { released: true };
  },
  async status(input: AddonReleaseInput, host: PluginHost) {
    if (!host.kube) throw new Error('the kube capability is not granted');
    const name = configMapOf(input).metadata.name;
    const live = await host.kube.get({ apiVersion: 'v1', kind: 'ConfigMap', name });
    return live ? { ready: true } : { ready: false, message: `ConfigMap ${name} is gone` };
  },
};

module.exports = internalAddon;
