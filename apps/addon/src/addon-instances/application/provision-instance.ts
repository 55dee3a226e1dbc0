import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { SERVICE_CONFIG } from '@appmanager/service-host';
import { addonConfigSchema } from '../../addon.config.js';
import type { AddonInstance } from '../domain/addon-instance.js';
import { bindingData, generateSecrets, splitOutputs } from '../domain/outputs.js';
import { AddonInstanceRepository, type Transaction } from './addon-instance.repository.js';
import { type AddonDefinition, AddonPlugins, BindingProjector, SecretSealer } from './addon.ports.js';

export type ReadyOutcome = { ok: true } | { ok: false; reason: string };

const FIRST_STATUS_DELAY_MS = 250;
const MAX_STATUS_DELAY_MS = 2000;

/** Applying an instance through its plug-in and handing its outputs to consumers: shared by apply and import. */
@Injectable()
export class ProvisionInstance {
  constructor(
    @Inject(AddonInstanceRepository) private readonly instances: AddonInstanceRepository,
    @Inject(AddonPlugins) private readonly plugins: AddonPlugins,
    @Inject(SecretSealer) private readonly sealer: SecretSealer,
    @Inject(BindingProjector) private readonly bindings: BindingProjector,
    @Optional() @Inject(SERVICE_CONFIG) config?: Record<string, unknown>,
  ) {
    this.readyTimeoutMs = addonConfigSchema.shape.ADDON_READY_TIMEOUT_MS.parse(config?.['ADDON_READY_TIMEOUT_MS']);
  }

  private readonly readyTimeoutMs: number;

  /**
   * Called under the instance's row lock. A READY instance is reused unless the plug-in says it expired; anything
   * else (APPLYING after a crash, FAILURE, RELEASED) is applied again with the same generated secrets.
   */
  async makeReady(
    tx: Transaction,
    instance: AddonInstance,
    definition: AddonDefinition,
    options: { sharedOnly: boolean },
  ): Promise<ReadyOutcome> {
    if (instance.state === 'RELEASING') return { ok: false, reason: `instance ${instance.id} is being released` };
    if (options.sharedOnly || instance.management === 'Observe') {
      return instance.state === 'READY' ? { ok: true } : { ok: false, reason: `shared instance ${instance.id} is ${instance.state}` };
    }
    const generated = this.generatedOf(instance, definition);
    if (instance.state === 'READY' && !(await this.expired(definition, instance, generated))) return { ok: true };
    const reapplied = instance.signature !== null;
    instance.state = 'APPLYING';
    try {
      const applied = await this.plugins.apply(definition, instance, generated);
      await this.untilReady(definition, instance, generated, applied.signature);
      const { publicOutputs, secretOutputs } = splitOutputs(definition.outputs, applied.outputs, generated);
      Object.assign(instance, {
        state: 'READY',
        reason: null,
        outputs: publicOutputs,
        secretNames: Object.keys(secretOutputs).sort(),
        sealedSecrets: Object.keys(secretOutputs).length > 0 ? this.sealer.seal(secretOutputs) : null,
        signature: applied.signature,
        provider: definition.provider,
        updatedAt: new Date(),
      });
    } catch (error) {
      Object.assign(instance, { state: 'FAILURE', reason: reasonOf(error), updatedAt: new Date() });
      await this.instances.save(tx, instance);
      return { ok: false, reason: instance.reason ?? 'apply failed' };
    }
    await this.instances.save(tx, instance);
    // outputs may have changed: every namespace already consuming gets its Secret again
    if (reapplied)
      for (const consumer of uniqueConsumers(await this.instances.claimsOf(instance.id, tx)))
        await this.project(instance, definition, consumer);
    return { ok: true };
  }

  /** Puts `<instance-name>-binding` in the consumer's namespace when the instance has secret outputs. */
  async project(
    instance: AddonInstance,
    definition: AddonDefinition,
    consumer: { cluster: string; namespace: string },
  ): Promise<{ name: string; keys: string[] } | undefined> {
    // a granted namespace also gets what the plug-in shares (k8s-shared-objects: copies of its objects)
    const granted = consumer.cluster !== instance.cluster || consumer.namespace !== instance.namespace;
    if (granted && definition.canShare) await this.plugins.share(definition, instance, this.secretsOf(instance), consumer);
    if (!instance.sealedSecrets) return undefined;
    const name = `${instance.name}-binding`;
    const data = bindingData(instance.addonType, definition.provider, instance.outputs, this.sealer.open(instance.sealedSecrets));
    await this.bindings.project({ cluster: consumer.cluster, namespace: consumer.namespace, name, instanceId: instance.id }, data);
    return { name, keys: Object.keys(data).sort() };
  }

  secretsOf(instance: AddonInstance): Record<string, string> {
    return instance.sealedGenerated ? this.sealer.open(instance.sealedGenerated) : {};
  }

  private generatedOf(instance: AddonInstance, definition: AddonDefinition): Record<string, string> {
    const existing = this.secretsOf(instance);
    const missing = generateSecrets(definition.outputs.filter((d) => !(d.name in existing)));
    if (Object.keys(missing).length === 0) return existing;
    // an instance seeded before the definition declared this secret; sealed with the row in this transaction
    const all = { ...existing, ...missing };
    instance.sealedGenerated = this.sealer.seal(all);
    return all;
  }

  /**
   * A plug-in with `status` (a controller's CR) is asked again, 250 ms doubling to 2 s, until it says ready; past
   * ADDON_READY_TIMEOUT_MS it fails with the plug-in's last message, and at once when `status` throws (a failure).
   */
  private async untilReady(definition: AddonDefinition, instance: AddonInstance, secrets: Record<string, string>, signature: string) {
    if (!definition.canReportStatus) return;
    const deadline = Date.now() + this.readyTimeoutMs;
    for (let delay = FIRST_STATUS_DELAY_MS; ; delay = Math.min(delay * 2, MAX_STATUS_DELAY_MS)) {
      const status = await this.plugins.status(definition, instance, secrets, signature);
      if (status.ready) return;
      if (Date.now() + delay > deadline)
        throw new Error(`not ready after ${this.readyTimeoutMs} ms: ${status.message ?? 'the plug-in says not ready'}`);
      await sleep(delay);
    }
  }

  private async expired(definition: AddonDefinition, instance: AddonInstance, secrets: Record<string, string>): Promise<boolean> {
    if (!definition.canCheckExpired) return false;
    try {
      return await this.plugins.checkExpired(definition, instance, secrets);
    } catch {
      return false;
    }
  }
}

function uniqueConsumers(claims: Array<{ cluster: string; namespace: string }>): Array<{ cluster: string; namespace: string }> {
  const seen = new Map(claims.map((c) => [`${c.cluster}/${c.namespace}`, { cluster: c.cluster, namespace: c.namespace }]));
  return [...seen.values()];
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 2000) || 'apply failed';
}
