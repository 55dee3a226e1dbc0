import { DefinitionNotFoundError, type PluginCatalog } from '@appmanager/plugin-catalog';
import { type PluginRuntime } from '@appmanager/plugin-runtime';
import type { DefinitionKind, JsonObject, JsonValue, KubeObject } from '@appmanager/plugin-sdk';
import { type DefinitionInfo, type PluginGateway, type PluginInvocation, UnknownTypeError } from '../application/plugin.gateway.js';

/** Resolves definitions through the plug-in catalog and runs them in the QuickJS runtime. */
export class CatalogPluginGateway implements PluginGateway {
  constructor(private readonly catalog: PluginCatalog, private readonly runtime: PluginRuntime) {}

  async definition(kind: DefinitionKind, type: string): Promise<DefinitionInfo> {
    const entry = await this.entry(kind, type);
    return { kind, type, provider: `${entry.name}@${entry.version}`, propertiesSchema: entry.definition.propertiesSchema };
  }

  async call<T = JsonValue>(invocation: PluginInvocation): Promise<{ value: T; outputs: JsonObject }> {
    const entry = await this.entry(invocation.kind, invocation.type);
    const kube = invocation.kube;
    const result = await this.runtime.call<T>({
      plugin: entry.plugin,
      fn: invocation.fn,
      input: invocation.input,
      context: invocation.context,
      ports: kube
        ? {
            kube: {
              get: async (_scope, ref) => (await kube.get(ref.namespace, ref)) as KubeObject | null,
              list: async (_scope, query) => (await kube.list(query.namespace, query)) as KubeObject[],
              apply: async (scope, object, options) => (await kube.apply(scope.namespace, object, options.fieldManager)) as KubeObject,
              delete: (_scope, ref) => kube.delete(ref.namespace, ref),
            },
          }
        : {},
    });
    return { value: result.value, outputs: result.outputs as JsonObject };
  }

  private async entry(kind: DefinitionKind, type: string) {
    try {
      return await this.catalog.resolve(kind, type);
    } catch (error) {
      if (error instanceof DefinitionNotFoundError) throw new UnknownTypeError(kind, type);
      throw error;
    }
  }
}
