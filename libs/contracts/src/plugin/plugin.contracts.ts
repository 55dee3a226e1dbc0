import { z } from 'zod';
import { defineContract } from '../contract.js';

export const definitionKind = z.enum(['Component', 'Trait', 'Policy', 'WorkflowStep', 'Addon']);

const pluginRef = {
  name: z.string().min(1),
  version: z.string().min(1),
};

export const pluginInstalledEvent = defineContract('plugin.evt.plugin.installed.v1', {
  description: 'A plug-in package version was stored and its definitions can be resolved.',
  publishedBy: 'plugin-registry',
  consumedBy: ["deploy, addon, sensor (each replica's plug-in catalog, on a plain NATS subscription: no durable)"],
  schema: z.object({
    ...pluginRef,
    checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    definitions: z.array(z.object({ kind: definitionKind, type: z.string().min(1), aliases: z.array(z.string().min(1)).optional() })),
  }),
});

export const pluginEnabledEvent = defineContract('plugin.evt.plugin.enabled.v1', {
  description: 'A plug-in version may be used again; consumers reload its definitions.',
  publishedBy: 'plugin-registry',
  consumedBy: ["deploy, addon, sensor (each replica's plug-in catalog, on a plain NATS subscription: no durable)"],
  schema: z.object(pluginRef),
});

export const pluginDisabledEvent = defineContract('plugin.evt.plugin.disabled.v1', {
  description: 'A plug-in version must not be used for new work; consumers drop it from their caches.',
  publishedBy: 'plugin-registry',
  consumedBy: ["deploy, addon, sensor (each replica's plug-in catalog, on a plain NATS subscription: no durable)"],
  schema: z.object(pluginRef),
});

export const pluginDeletedEvent = defineContract('plugin.evt.plugin.deleted.v1', {
  description: 'A plug-in version was removed from the registry; consumers drop it and stop resolving to it.',
  publishedBy: 'plugin-registry',
  consumedBy: ["deploy, addon, sensor (each replica's plug-in catalog, on a plain NATS subscription: no durable)"],
  schema: z.object(pluginRef),
});
