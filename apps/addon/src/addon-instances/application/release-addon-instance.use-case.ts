import { Inject, Injectable } from '@nestjs/common';
import { type AddonClaim, type AddonInstance, describeClaimants } from '../domain/addon-instance.js';
import { AddonInstanceRepository, type Transaction } from './addon-instance.repository.js';
import { AddonEvents, AddonPlugins } from './addon.ports.js';
import { ProvisionInstance } from './provision-instance.js';

export class InstanceNotFoundError extends Error {
  override readonly name = 'InstanceNotFoundError';
}

/** Release refused: the instance is still claimed; the message names the claimants. */
export class InstanceClaimedError extends Error {
  override readonly name = 'InstanceClaimedError';
  constructor(readonly claims: AddonClaim[]) {
    super(`instance is still claimed by ${describeClaimants(claims)}`);
  }
}

/**
 * Releases an instance nobody claims: Delete runs the plug-in's release, Orphan and imported (Observe) instances are
 * only marked released (the resource and its sealed secrets stay, so a later import or apply finds them).
 */
@Injectable()
export class ReleaseAddonInstanceUseCase {
  constructor(
    @Inject(AddonInstanceRepository) private readonly instances: AddonInstanceRepository,
    @Inject(AddonPlugins) private readonly plugins: AddonPlugins,
    @Inject(AddonEvents) private readonly events: AddonEvents,
    @Inject(ProvisionInstance) private readonly provision: ProvisionInstance,
  ) {}

  async execute(id: string): Promise<AddonInstance> {
    return this.instances.inTransaction(async (tx) => {
      const instance = await this.instances.lockById(tx, id);
      if (!instance) throw new InstanceNotFoundError(`no add-on instance ${id}`);
      const claims = await this.instances.claimsOf(id, tx);
      if (claims.length > 0) throw new InstanceClaimedError(claims);
      await this.releaseUnclaimed(tx, instance);
      return instance;
    });
  }

  /** Under the row lock, with no claim left. A failing plug-in release leaves it FAILURE with the reason. */
  async releaseUnclaimed(tx: Transaction, instance: AddonInstance): Promise<void> {
    if (instance.state === 'RELEASED') return;
    if (instance.management === 'Create' && instance.deletionPolicy === 'Delete' && instance.signature !== null) {
      const definition = await this.plugins.definition(instance.addonType);
      await this.plugins.release(definition, instance, this.provision.secretsOf(instance));
      instance.outputs = {};
      instance.secretNames = [];
      instance.sealedSecrets = null;
    }
    Object.assign(instance, { state: 'RELEASED', reason: null, updatedAt: new Date() });
    await this.instances.save(tx, instance);
    await this.events.released(tx, {
      instanceId: instance.id,
      cluster: instance.cluster,
      namespace: instance.namespace,
      ...(instance.stage ? { stage: instance.stage } : {}),
      addonType: instance.addonType,
      addonName: instance.addonName,
      deletionPolicy: instance.deletionPolicy,
      releasedAt: new Date().toISOString(),
    });
  }
}
