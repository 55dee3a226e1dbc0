import { randomUUID } from 'node:crypto';
import { DefinitionNotFoundError, type CatalogEntry, type PluginCatalog } from '@appmanager/plugin-catalog';
import type { HostPorts, PluginRuntime } from '@appmanager/plugin-runtime';
import type { AddonApplyResult, AddonShareResult, AddonStatusResult, InvocationContext, JsonObject } from '@appmanager/plugin-sdk';
import type { AddonDefinition, AddonPlugins } from '../application/addon.ports.js';
import { UnknownAddonTypeError } from '../application/addon.ports.js';
import type { AddonInstance } from '../domain/addon-instance.js';

/** Add-on plug-ins from the catalog, run in QuickJS with the back-ends this service lends (never their credentials). */
export class RuntimeAddonPlugins implements AddonPlugins {
  constructor(
    private readonly catalog: PluginCatalog,
    private readonly runtime: PluginRuntime,
    private readonly ports: HostPorts,
  ) {}

  async definition(addonType: string): Promise<AddonDefinition> {
    const entry = await this.entry(addonType);
    const caps = entry.definition;
    return {
      type: addonType,
      provider: `${entry.name}@${entry.version}`,
      outputs: (caps.outputs ?? []).map((o) => ({ name: o.name, secret: o.secret, ...(o.generate ? { generate: o.generate } : {}) })),
      canCheckExpired: /\bcheckExpired\b/.test(entry.script),
      canShare: /\bshare\s*(\(|:\s*(async\s+)?function)/.test(entry.script),
      canReportStatus: /\bstatus\s*(\(|:\s*(async\s+)?function)/.test(entry.script),
    };
  }

  async apply(
    definition: AddonDefinition,
    instance: AddonInstance,
    secrets: Record<string, string>,
  ): Promise<{ outputs: Record<string, unknown>; signature: string }> {
    const result = await this.call<AddonApplyResult>('apply', definition, instance, secrets);
    return { outputs: result.outputs, signature: result.signature };
  }

  async release(definition: AddonDefinition, instance: AddonInstance, secrets: Record<string, string>): Promise<void> {
    await this.call('release', definition, instance, secrets, { signature: instance.signature ?? '' });
  }

  async checkExpired(definition: AddonDefinition, instance: AddonInstance, secrets: Record<string, string>): Promise<boolean> {
    return (await this.call<boolean>('checkExpired', definition, instance, secrets, { signature: instance.signature ?? '' })) === true;
  }

  async share(
    definition: AddonDefinition,
    instance: AddonInstance,
    secrets: Record<string, string>,
    consumer: { cluster: string; namespace: string },
  ): Promise<string[]> {
    const extra = { signature: instance.signature ?? '', consumer };
    return (await this.call<AddonShareResult>('share', definition, instance, secrets, extra, consumer)).shared;
  }

  async status(
    definition: AddonDefinition,
    instance: AddonInstance,
    secrets: Record<string, string>,
    signature: string,
  ): Promise<{ ready: boolean; message?: string }> {
    const result = await this.call<AddonStatusResult>('status', definition, instance, secrets, { signature });
    return { ready: result.ready, ...(result.message ? { message: result.message } : {}) };
  }

  private async call<T>(
    fn: string,
    definition: AddonDefinition,
    instance: AddonInstance,
    secrets: Record<string, string>,
    extra: JsonObject = {},
    target: { cluster: string; namespace: string } = instance,
  ): Promise<T> {
    const entry = await this.entry(definition.type);
    const context: InvocationContext = {
      correlationId: randomUUID(),
      now: new Date().toISOString(),
      appId: '',
      // the runtime pins the kube capability to this namespace: the instance's, or a granted consumer's for `share`
      target: { cluster: target.cluster, namespace: target.namespace },
    };
    const result = await this.runtime.call<T>({
      plugin: entry.plugin,
      fn,
      input: {
        addon: { type: instance.addonType, name: instance.addonName },
        properties: instance.attributes,
        instance: { id: instance.id, name: instance.name, cluster: instance.cluster, namespace: instance.namespace },
        secrets,
        ...(instance.signature ? { lastSignature: instance.signature } : {}),
        ...extra,
      },
      context,
      // one add-on instance's calls may share a warm sandbox, never another instance's (ADR 0013)
      isolation: `addon-instance/${instance.id}`,
      ports: this.ports,
    });
    return result.value;
  }

  private async entry(addonType: string): Promise<CatalogEntry> {
    try {
      return await this.catalog.resolve('Addon', addonType);
    } catch (error) {
      if (error instanceof DefinitionNotFoundError) throw new UnknownAddonTypeError(`no add-on plug-in defines type ${addonType}`);
      throw error;
    }
  }
}
