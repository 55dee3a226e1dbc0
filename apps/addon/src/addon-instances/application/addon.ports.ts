import type { ContractData, addonInstanceFailedEvent, addonInstanceReadyEvent, addonInstanceReleasedEvent } from '@appmanager/contracts';
import type { AddonInstance } from '../domain/addon-instance.js';
import type { Transaction } from './addon-instance.repository.js';

export interface AddonOutputDeclaration {
  name: string;
  secret: boolean;
  generate?: 'password';
}

/** An add-on definition as the service needs it: who provides it and which outputs are secret. */
export interface AddonDefinition {
  type: string;
  provider: string;
  outputs: AddonOutputDeclaration[];
  canCheckExpired: boolean;
  /** Its plug-in places something in each granted namespace (`share`). */
  canShare: boolean;
  /** The plug-in has `status`: an applied instance is READY only once it says ready (a controller's CR, say). */
  canReportStatus?: boolean;
}

/** Port: the add-on plug-ins (QuickJS, with the postgres / s3 / config / kube capabilities lent by this service). */
export abstract class AddonPlugins {
  /** Throws UnknownAddonTypeError when no plug-in defines the type. */
  abstract definition(addonType: string): Promise<AddonDefinition>;
  abstract apply(
    definition: AddonDefinition,
    instance: AddonInstance,
    secrets: Record<string, string>,
  ): Promise<{ outputs: Record<string, unknown>; signature: string }>;
  abstract release(definition: AddonDefinition, instance: AddonInstance, secrets: Record<string, string>): Promise<void>;
  abstract checkExpired(definition: AddonDefinition, instance: AddonInstance, secrets: Record<string, string>): Promise<boolean>;
  /** `share` with the kube capability pinned to the consumer's namespace; what it placed there. */
  abstract share(
    definition: AddonDefinition,
    instance: AddonInstance,
    secrets: Record<string, string>,
    consumer: { cluster: string; namespace: string },
  ): Promise<string[]>;
  /** The plug-in's `status` for the instance as applied with `signature`; throws when the plug-in reports a failure. */
  abstract status(
    definition: AddonDefinition,
    instance: AddonInstance,
    secrets: Record<string, string>,
    signature: string,
  ): Promise<{ ready: boolean; message?: string }>;
}

export class UnknownAddonTypeError extends Error {
  override readonly name = 'UnknownAddonTypeError';
}

/** Port: seals secret values at rest (AES-256-GCM, with a key id so keys rotate). */
export abstract class SecretSealer {
  abstract seal(values: Record<string, string>): string;
  abstract open(sealed: string): Record<string, string>;
  /** Sealed with another key than the one that seals now: `amctl admin rotate-key` re-seals it. */
  abstract stale(sealed: string): boolean;
  abstract readonly currentKeyId: string | undefined;
}

/** Port: the consumer's view of an instance, a Kubernetes Secret in its own namespace on its own cluster. */
export abstract class BindingProjector {
  abstract project(
    target: { cluster: string; namespace: string; name: string; instanceId: string },
    data: Record<string, string>,
  ): Promise<void>;
  abstract remove(target: { cluster: string; namespace: string; name: string }): Promise<void>;
}

/** Port: the answers and announcements, written into the caller's transaction (the outbox). */
export abstract class AddonEvents {
  abstract ready(transaction: Transaction, data: ContractData<typeof addonInstanceReadyEvent>): Promise<void>;
  abstract failed(transaction: Transaction, data: ContractData<typeof addonInstanceFailedEvent>): Promise<void>;
  abstract released(transaction: Transaction, data: ContractData<typeof addonInstanceReleasedEvent>): Promise<void>;
}

export type InboxOutcome<T> = { applied: true; result: T } | { applied: false };

/** Port: applies an event at most once per (durable, event id), `work` in the transaction recording it. */
export abstract class EventInbox {
  abstract once<T>(consumer: string, eventId: string, work: (transaction: Transaction) => Promise<T>): Promise<InboxOutcome<T>>;
}
