import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type AddonInstance, attributesHash, instanceNameOf } from '../domain/addon-instance.js';
import { AddonInstanceRepository } from './addon-instance.repository.js';
import { SecretSealer } from './addon.ports.js';

export interface ImportRequest {
  cluster: string;
  namespace: string;
  stage?: string;
  addonType: string;
  addonName: string;
  attributes: Record<string, unknown>;
  outputs: Record<string, unknown>;
  secretOutputs: Record<string, string>;
}

export class InstanceExistsError extends Error {
  override readonly name = 'InstanceExistsError';
}

/**
 * Observe-only import of a resource that exists already (Crossplane's managementPolicies [Observe]): it is READY with
 * the outputs given, claims and shares like any instance, and its release never touches the resource.
 */
@Injectable()
export class ImportAddonInstanceUseCase {
  constructor(
    @Inject(AddonInstanceRepository) private readonly instances: AddonInstanceRepository,
    @Inject(SecretSealer) private readonly sealer: SecretSealer,
  ) {}

  async execute(request: ImportRequest): Promise<AddonInstance> {
    const id = randomUUID();
    const now = new Date();
    const secretNames = Object.keys(request.secretOutputs).sort();
    const instance: AddonInstance = {
      id,
      name: instanceNameOf(request.addonName, id),
      cluster: request.cluster,
      namespace: request.namespace,
      stage: request.stage ?? '',
      addonType: request.addonType,
      addonName: request.addonName,
      attributes: request.attributes,
      attributesHash: attributesHash(request.attributes),
      deletionPolicy: 'Orphan',
      management: 'Observe',
      state: 'READY',
      reason: null,
      outputs: request.outputs,
      secretNames,
      sealedSecrets: secretNames.length > 0 ? this.sealer.seal(request.secretOutputs) : null,
      sealedGenerated: null,
      signature: 'imported',
      provider: 'import',
      createdAt: now,
      updatedAt: now,
    };
    await this.instances.insertIfAbsent(instance);
    const stored = await this.instances.findById(id);
    if (!stored) throw new InstanceExistsError(`an instance with this cluster, namespace, type, name and attributes exists already`);
    return stored;
  }
}
