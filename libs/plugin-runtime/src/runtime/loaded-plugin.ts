import { createHash } from 'node:crypto';
import type { PluginDefinition, PluginManifest } from '@appmanager/plugin-sdk';
import { resolveGrants } from '../host/grants.js';
import type { GrantList } from '../worker/worker-protocol.js';

/** One definition of one plug-in version, ready to call. Create once per (package version, definition). */
export interface LoadedPlugin {
  /** `<name>@<version>/<kind>/<type>#<sha256 prefix of the code>`: warm contexts are kept per key. */
  readonly key: string;
  readonly name: string;
  readonly version: string;
  readonly definition: PluginDefinition;
  readonly source: string;
  readonly grants: GrantList;
}

export function loadPlugin(manifest: Pick<PluginManifest, 'name' | 'version'>, definition: PluginDefinition, source: string): LoadedPlugin {
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  return {
    key: `${manifest.name}@${manifest.version}/${definition.kind}/${definition.type}#${hash}`,
    name: manifest.name,
    version: manifest.version,
    definition,
    source,
    grants: resolveGrants(definition),
  };
}
