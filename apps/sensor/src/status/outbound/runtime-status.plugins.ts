import { DefinitionNotFoundError, type PluginCatalog } from '@appmanager/plugin-catalog';
import { isPluginError, type KubeCapability, type PluginRuntime } from '@appmanager/plugin-runtime';
import type { InvocationContext, KubeObject } from '@appmanager/plugin-sdk';
import type { ComponentInstance } from '../../instances/domain/component-instance.js';
import type { PluginStatus } from '../domain/component-state.js';
import { type LiveKube, StatusPlugins } from '../application/status.ports.js';

type Trait = ComponentInstance['sensing']['traits'][number];

/**
 * The component's own plug-in (resolved through the registry's catalog, as deploy resolves it) and its traits,
 * run in the QuickJS sandbox. A trait whose plug-in has no `watch` is remembered per version and not called again.
 */
export class RuntimeStatusPlugins extends StatusPlugins {
  private readonly withoutWatch = new Set<string>();

  constructor(
    private readonly catalog: PluginCatalog,
    private readonly runtime: PluginRuntime,
  ) {
    super();
  }

  async status(instance: ComponentInstance, kube: LiveKube): Promise<PluginStatus | { error: string }> {
    const call = instance.sensing.status;
    if (!call) return { error: 'deploy did not say how to ask this component for its status (applied before sensing existed)' };
    try {
      const entry = await this.catalog.resolve('Component', call.pluginType);
      const { value } = await this.runtime.call<PluginStatus>({
        plugin: entry.plugin,
        fn: 'status',
        input: { component: { type: instance.componentType, name: call.name }, properties: call.properties },
        context: contextOf(instance),
        // an application's status calls share warm sandboxes, never another application's (ADR 0013)
        isolation: `app/${instance.appId}`,
        ports: { kube: capabilityOf(kube, { allowApply: false }) },
      });
      return value;
    } catch (error) {
      if (error instanceof DefinitionNotFoundError) return { error: `no Component plug-in "${call.pluginType}": ${error.message}` };
      if (isPluginError(error)) return { error: error.message };
      throw error;
    }
  }

  async watch(
    instance: ComponentInstance,
    trait: Trait,
    workload: Record<string, unknown>,
    kube: LiveKube,
  ): Promise<{ message?: string } | undefined> {
    let entry;
    try {
      entry = await this.catalog.resolve('Trait', trait.type);
    } catch (error) {
      if (error instanceof DefinitionNotFoundError) return undefined;
      throw error;
    }
    const key = `${entry.name}@${entry.version}/${trait.type}`;
    if (this.withoutWatch.has(key)) return undefined;
    try {
      const { value } = await this.runtime.call<PluginStatus>({
        plugin: entry.plugin,
        fn: 'watch',
        input: {
          trait: { type: trait.type, name: trait.name, runtime: 'post' },
          component: { type: instance.componentType, name: instance.sensing.status?.name ?? instance.component },
          properties: trait.properties,
          workload,
        },
        context: contextOf(instance),
        isolation: `app/${instance.appId}`,
        ports: { kube: capabilityOf(kube, { allowApply: true }) },
      });
      return { ...(value.message ? { message: value.message } : {}) };
    } catch (error) {
      if (isPluginError(error, 'PLUGIN_MISSING_EXPORT')) {
        this.withoutWatch.add(key);
        return undefined;
      }
      throw error;
    }
  }
}

function contextOf(instance: ComponentInstance): InvocationContext {
  return {
    correlationId: `sense:${instance.appId}:${instance.cluster}`,
    now: new Date().toISOString(),
    appId: instance.appId,
    target: {
      cluster: instance.cluster,
      namespace: instance.namespace,
      ...(instance.unit ? { unit: instance.unit } : {}),
      ...(instance.stage ? { stage: instance.stage } : {}),
    },
  };
}

function capabilityOf(kube: LiveKube, options: { allowApply: boolean }): KubeCapability {
  return {
    get: async (_scope, ref) => (await kube.get(ref.namespace, ref)) as KubeObject | null,
    list: async (_scope, query) => (await kube.list(query.namespace, query)) as KubeObject[],
    apply: async (scope, object, { fieldManager }) => {
      if (!options.allowApply) throw new Error('a status call observes: it cannot change the cluster');
      return (await kube.apply(scope.namespace, object, fieldManager)) as KubeObject;
    },
    delete: () => Promise.reject(new Error('the sensor deletes nothing')),
  };
}
