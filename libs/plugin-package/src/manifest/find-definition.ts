import type { PluginDefinition, DefinitionKind } from '@appmanager/plugin-sdk';

/**
 * The definition of `kind` that `name` resolves to among a package's definitions: the one of that type,
 * else the one declaring it as an alias (a manifest cannot declare one name twice per kind).
 */
export function findDefinition<D extends Pick<PluginDefinition, 'kind' | 'type' | 'aliases'>>(
  definitions: readonly D[],
  kind: DefinitionKind,
  name: string,
): D | undefined {
  return (
    definitions.find((d) => d.kind === kind && d.type === name) ??
    definitions.find((d) => d.kind === kind && (d.aliases ?? []).includes(name))
  );
}
