import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { applyAddonInstanceCommand, ContractData } from '@appmanager/contracts';
import { type AddonInstance, type AddonInstanceKey, attributesHash, instanceNameOf } from '../domain/addon-instance.js';
import { generateSecrets } from '../domain/outputs.js';
import { AddonInstanceRepository, type Transaction } from './addon-instance.repository.js';
import { type AddonDefinition, AddonEvents, AddonPlugins, EventInbox, SecretSealer, UnknownAddonTypeError } from './addon.ports.js';
import { ProvisionInstance } from './provision-instance.js';

export type ApplyCommand = ContractData<typeof applyAddonInstanceCommand>;

/** `attributes.sharedFrom` names another namespace's instance to use (through a grant); it is not part of the key. */
interface SharedFrom {
  cluster?: string;
  namespace: string;
}

/**
 * addon.cmd.instance.apply.v1: makes the instance exist once (its row and generated secrets committed before any
 * plug-in runs), then, once per event and under the row's lock, applies it if it is not ready, claims it for the
 * node and answers ready or failed through the outbox in that same transaction.
 */
@Injectable()
export class ApplyAddonInstanceUseCase {
  constructor(
    @Inject(AddonInstanceRepository) private readonly instances: AddonInstanceRepository,
    @Inject(AddonPlugins) private readonly plugins: AddonPlugins,
    @Inject(SecretSealer) private readonly sealer: SecretSealer,
    @Inject(AddonEvents) private readonly events: AddonEvents,
    @Inject(EventInbox) private readonly inbox: EventInbox,
    @Inject(ProvisionInstance) private readonly provision: ProvisionInstance,
  ) {}

  async execute(command: ApplyCommand, eventId: string, durable: string): Promise<{ applied: boolean; outcome?: string }> {
    const { sharedFrom, attributes } = splitAttributes(command.attributes);
    const owner = sharedFrom ? { cluster: sharedFrom.cluster ?? command.cluster, namespace: sharedFrom.namespace } : command;
    const key: AddonInstanceKey = {
      cluster: owner.cluster,
      namespace: owner.namespace,
      addonType: command.addonType,
      addonName: command.addonName,
      attributesHash: attributesHash(attributes),
    };
    let definition: AddonDefinition | undefined;
    let unknown: string | undefined;
    try {
      definition = await this.plugins.definition(command.addonType);
    } catch (error) {
      if (!(error instanceof UnknownAddonTypeError)) throw error;
      unknown = error.message;
    }
    if (definition && !sharedFrom) await this.instances.insertIfAbsent(this.seed(command, key, attributes, definition));
    const outcome = await this.inbox.once(durable, eventId, async (tx) => {
      const previous = await this.instances.findAnswer(tx, command.requestId);
      if (previous?.outcome === 'ready') {
        await this.events.ready(tx, previous.data as never);
        return 'ready (answered again)';
      }
      if (!definition) return this.fail(tx, command, unknown ?? `no add-on type ${command.addonType}`);
      const instance = await this.instances.lockByKey(tx, key);
      if (!instance)
        return this.fail(
          tx,
          command,
          `no ${command.addonType} instance ${command.addonName} in ${owner.cluster}/${owner.namespace} to share`,
        );
      if (sharedFrom && !(await this.instances.hasGrant(tx, instance.id, command))) {
        return this.fail(
          tx,
          command,
          `namespace ${command.namespace} of cluster ${command.cluster} has no grant to instance ${instance.id} in ${owner.cluster}/${owner.namespace}`,
        );
      }
      const ready = await this.provision.makeReady(tx, instance, definition, { sharedOnly: Boolean(sharedFrom) });
      if (!ready.ok) return this.fail(tx, command, ready.reason);
      await this.instances.addClaim(tx, {
        instanceId: instance.id,
        deploymentId: command.deploymentId,
        appId: command.appId,
        component: command.component,
        cluster: command.cluster,
        namespace: command.namespace,
        requestId: command.requestId,
        createdAt: new Date(),
      });
      let secret: Awaited<ReturnType<ProvisionInstance['project']>>;
      try {
        secret = await this.provision.project(instance, definition, command);
      } catch (error) {
        // the consumer cannot be given the binding: say so (the claim is not recorded, so nothing holds the instance)
        return this.fail(tx, command, `the binding Secret could not be written: ${(error as Error).message}`);
      }
      const data = {
        requestId: command.requestId,
        deploymentId: command.deploymentId,
        appId: command.appId,
        component: command.component,
        cluster: command.cluster,
        namespace: command.namespace,
        ...(command.stage ? { stage: command.stage } : {}),
        instanceId: instance.id,
        addonType: command.addonType,
        addonName: command.addonName,
        outputs: instance.outputs,
        ...(secret ? { secret } : {}),
        readyAt: new Date().toISOString(),
      };
      await this.instances.saveAnswer(tx, command.requestId, { outcome: 'ready', data });
      await this.events.ready(tx, data);
      return 'ready';
    });
    return outcome.applied ? { applied: true, outcome: outcome.result } : { applied: false };
  }

  private seed(
    command: ApplyCommand,
    key: AddonInstanceKey,
    attributes: Record<string, unknown>,
    definition: AddonDefinition,
  ): AddonInstance {
    const id = randomUUID();
    const generated = generateSecrets(definition.outputs);
    const now = new Date();
    return {
      ...key,
      id,
      name: instanceNameOf(command.addonName, id),
      stage: command.stage ?? '',
      attributes,
      deletionPolicy: command.deletionPolicy ?? 'Delete',
      management: 'Create',
      state: 'APPLYING',
      reason: null,
      outputs: {},
      secretNames: [],
      sealedSecrets: null,
      sealedGenerated: Object.keys(generated).length > 0 ? this.sealer.seal(generated) : null,
      signature: null,
      provider: definition.provider,
      createdAt: now,
      updatedAt: now,
    };
  }

  private async fail(tx: Transaction, command: ApplyCommand, reason: string): Promise<string> {
    await this.events.failed(tx, {
      requestId: command.requestId,
      deploymentId: command.deploymentId,
      appId: command.appId,
      component: command.component,
      cluster: command.cluster,
      namespace: command.namespace,
      ...(command.stage ? { stage: command.stage } : {}),
      addonType: command.addonType,
      addonName: command.addonName,
      reason: reason.slice(0, 2000),
      failedAt: new Date().toISOString(),
    });
    return `failed: ${reason}`;
  }
}

function splitAttributes(all: Record<string, unknown>): { sharedFrom?: SharedFrom; attributes: Record<string, unknown> } {
  const { sharedFrom, ...attributes } = all;
  if (sharedFrom && typeof sharedFrom === 'object' && typeof (sharedFrom as SharedFrom).namespace === 'string')
    return { sharedFrom: sharedFrom as SharedFrom, attributes };
  return { attributes: all };
}
