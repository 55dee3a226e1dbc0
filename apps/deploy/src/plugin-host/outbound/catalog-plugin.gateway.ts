import { DefinitionNotFoundError, type CatalogEntry, type PluginCatalog } from '@appmanager/plugin-catalog';
import { type PluginRuntime } from '@appmanager/plugin-runtime';
import type { DefinitionKind, JsonObject, JsonValue, KubeObject } from '@appmanager/plugin-sdk';
import { type DefinitionInfo, type PluginGateway, type PluginInvocation, UnknownTypeError } from '../application/plugin.gateway.js';
import { type PluginUsages } from '../application/plugin.usages.js';

/** Resolves definitions through the plug-in catalog, records their use, and runs them in the QuickJS runtime. */
export class CatalogPluginGateway implements PluginGateway {
  /** The last provider of each kind/type, so a type that disappears is refused naming the plug-in it had. */
  private readonly lastProviders = new Map<string, string>();

  constructor(
    private readonly catalog: PluginCatalog,
    private readonly runtime: PluginRuntime,
    private readonly usages: PluginUsages,
  ) {}

  async definition(kind: DefinitionKind, type: string): Promise<DefinitionInfo> {
    const entry = await this.entry(kind, type);
    return { kind, type, provider: `${entry.name}@${entry.version}`, propertiesSchema: entry.definition.propertiesSchema };
  }

  async call<T = JsonValue>(invocation: PluginInvocation): Promise<{ value: T; outputs: JsonObject }> {
    const entry = await this.entry(invocation.kind, invocation.type);
    if (invocation.deploymentId) await this.usages.record(invocation.deploymentId, { name: entry.name, version: entry.version });
    const kube = invocation.kube;
    const result = await this.runtime.call<T>({
      plugin: entry.plugin,
      fn: invocation.fn,
      input: invocation.input,
      context: invocation.context,
      // a deployment's calls share warm sandboxes, never with another deployment's; a plan's with its own plan
      isolation: invocation.deploymentId ?? `${invocation.context.appId}/${invocation.context.correlationId}`,
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

  private async entry(kind: DefinitionKind, type: string): Promise<CatalogEntry> {
    const key = `${kind}/${type}`;
    try {
      const entry = await this.catalog.resolve(kind, type);
      this.lastProviders.set(key, `${entry.name}@${entry.version}`);
      return entry;
    } catch (error) {
      if (!(error instanceof DefinitionNotFoundError)) throw error;
      const last = this.lastProviders.get(key);
      throw new UnknownTypeError(
        kind,
        type,
        last ? `plug-in ${last}, which provided it, is disabled or deleted (${error.message})` : undefined,
      );
    }
  }
}
