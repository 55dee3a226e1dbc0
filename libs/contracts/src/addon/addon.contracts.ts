import { z } from 'zod';
import { defineContract } from '../contract.js';

/** Where an add-on is consumed: the consumer's cluster and namespace (an instance lives in one namespace). */
const consumer = {
  cluster: z.string().min(1),
  namespace: z.string().min(1),
  stage: z.string().min(1).optional(),
};

/** Who claims it: a deployment's node. Counted, so an instance is released only when its last claim goes. */
const claim = {
  deploymentId: z.string().min(1),
  appId: z.string().min(1),
  /** The component id, e.g. `RESOURCE_ADDON|system-env@system-env` or `ADDON|db`. */
  component: z.string().min(1),
};

export const applyAddonInstanceCommand = defineContract('addon.cmd.instance.apply.v1', {
  description:
    'Asks for an add-on instance (created once per namespace, type, name and attributes; shared after that) and claims it for a deployment node; answered by addon.evt.instance.ready|failed.v1 with the same requestId.',
  publishedBy: 'deploy (an add-on node, through its outbox)',
  consumedBy: ['addon'],
  schema: z.object({
    /** Stable per node and version: a repeated command is answered again, never applied twice. */
    requestId: z.string().min(1).max(300),
    ...claim,
    ...consumer,
    addonType: z.string().min(1),
    addonName: z.string().min(1),
    /** The add-on's properties (its spec), hashed into the instance key. */
    attributes: z.record(z.string(), z.unknown()),
    deletionPolicy: z.enum(['Delete', 'Orphan']).optional(),
  }),
});

export const addonInstanceReadyEvent = defineContract('addon.evt.instance.ready.v1', {
  description:
    "An add-on instance is ready for the node that asked: its non-secret outputs, and the Secret in the consumer's namespace that holds the secret ones (never their values).",
  publishedBy: 'addon',
  consumedBy: ['deploy', 'any system'],
  schema: z.object({
    requestId: z.string().min(1),
    ...claim,
    ...consumer,
    instanceId: z.string().min(1),
    addonType: z.string().min(1),
    addonName: z.string().min(1),
    outputs: z.record(z.string(), z.unknown()),
    /** The Kubernetes Secret holding the secret outputs (and Service Binding keys), in the consumer's namespace. */
    secret: z.object({ name: z.string().min(1), keys: z.array(z.string().min(1)) }).optional(),
    readyAt: z.iso.datetime({ offset: true }),
  }),
});

export const addonInstanceFailedEvent = defineContract('addon.evt.instance.failed.v1', {
  description: 'An add-on instance could not be made ready for the node that asked; `reason` says why (never with a secret).',
  publishedBy: 'addon',
  consumedBy: ['deploy', 'any system'],
  schema: z.object({
    requestId: z.string().min(1),
    ...claim,
    ...consumer,
    addonType: z.string().min(1),
    addonName: z.string().min(1),
    reason: z.string().min(1),
    failedAt: z.iso.datetime({ offset: true }),
  }),
});

export const addonInstanceReleasedEvent = defineContract('addon.evt.instance.released.v1', {
  description: "An add-on instance's last claim went and it was released: deleted (Delete) or left in place (Orphan).",
  publishedBy: 'addon',
  consumedBy: ['any system'],
  schema: z.object({
    instanceId: z.string().min(1),
    ...consumer,
    addonType: z.string().min(1),
    addonName: z.string().min(1),
    deletionPolicy: z.enum(['Delete', 'Orphan']),
    releasedAt: z.iso.datetime({ offset: true }),
  }),
});
