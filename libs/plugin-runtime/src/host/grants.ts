import { KIND_CAPABILITIES, type CapabilityName, type PluginDefinition } from '@appmanager/plugin-sdk';
import type { GrantList } from '../worker/worker-protocol.js';

export const CAPABILITY_METHODS: Readonly<Record<CapabilityName, readonly string[]>> = {
  kube: ['get', 'list', 'apply', 'delete'],
  outputs: ['set'],
  log: ['info', 'warn', 'error'],
  http: ['fetch'],
  postgres: ['ensureDatabase', 'ensureRole', 'dropDatabase', 'dropRole', 'exists', 'server'],
  s3: ['ensureBucket', 'removeBucket', 'server'],
  config: ['get'],
};

/** What a definition gets: what it declares, limited to what its kind may have. */
export function resolveGrants(definition: PluginDefinition): GrantList {
  const allowed = new Set(KIND_CAPABILITIES[definition.kind]);
  const requested = definition.capabilities ?? {};
  return (Object.keys(CAPABILITY_METHODS) as CapabilityName[])
    .filter((name) => allowed.has(name) && Boolean(requested[name]))
    .map((name) => [name, [...CAPABILITY_METHODS[name]]]);
}
