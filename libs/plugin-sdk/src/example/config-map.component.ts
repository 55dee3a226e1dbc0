import type { ComponentPlugin, KubeObject } from '../index.js';

interface ConfigMapProperties {
  data: Record<string, string>;
}

/**
 * A complete Component plug-in, as an author writes one: a ConfigMap per component. It is the
 * README's example and what the harness tests exercise; its bundle form (`module.exports = ...`) is
 * what the platform loads into QuickJS.
 */
export const configMapComponent: ComponentPlugin<ConfigMapProperties> = {
  render(input) {
    const resource: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${input.context.appId}-${input.component.name}`, labels: { 'app.kubernetes.io/name': input.component.name } },
      data: { ...input.properties.data, renderedAt: input.context.now },
    };
    return { resources: [resource] };
  },
  async apply(input, host) {
    const applied = [];
    for (const resource of input.resources) {
      const live = await host.kube!.apply(resource);
      applied.push({ apiVersion: live.apiVersion, kind: live.kind, name: live.metadata.name });
    }
    await host.outputs?.set('configMapName', applied[0]?.name ?? null);
    await host.log?.info('applied', { count: applied.length });
    return { applied };
  },
  async status(input, host) {
    const live = await host.kube!.get({ apiVersion: 'v1', kind: 'ConfigMap', name: `${input.context.appId}-${input.component.name}` });
    return live ? { state: 'RUNNING' } : { state: 'PENDING', message: 'ConfigMap not found' };
  },
  async destroy(input, host) {
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: `${input.context.appId}-${input.component.name}` };
    return { deleted: (await host.kube!.delete(ref)) ? [ref] : [] };
  },
};
