import type { DefinitionKind } from '@appmanager/plugin-sdk';
import type { PluginPackage, StoredDefinition } from './plugin-package.js';

/** Every name a definition answers to: its type, then its aliases. */
export function namesOf(definition: Pick<StoredDefinition, 'type' | 'aliases'>): string[] {
  return [definition.type, ...(definition.aliases ?? [])];
}

export interface NameCollision {
  kind: DefinitionKind;
  name: string;
  /** the uploaded definition's type, and how the name is declared in the other package */
  ours: string;
  theirs: { pkg: string; type: string; as: 'type' | 'alias' };
}

/**
 * Aliases of `candidate` that another enabled package already uses as a type or alias of the same kind,
 * and the other way round. Two packages defining the same *type* stay allowed (resolve refuses the
 * ambiguity naming both, as before); an alias is a claim on someone else's name, so it is refused up front.
 */
export function nameCollisions(candidate: Pick<PluginPackage, 'name' | 'definitions'>, others: readonly PluginPackage[]): NameCollision[] {
  const collisions: NameCollision[] = [];
  for (const definition of candidate.definitions) {
    for (const other of others.filter((o) => o.name !== candidate.name)) {
      for (const theirs of other.definitions.filter((d) => d.kind === definition.kind)) {
        const ourAliases = new Set(definition.aliases ?? []);
        const theirAliases = new Set(theirs.aliases ?? []);
        for (const name of namesOf(definition)) {
          const asTheirs = name === theirs.type ? 'type' : theirAliases.has(name) ? 'alias' : undefined;
          if (!asTheirs || (asTheirs === 'type' && !ourAliases.has(name))) continue;
          collisions.push({
            kind: definition.kind,
            name,
            ours: definition.type,
            theirs: { pkg: `${other.name}@${other.version}`, type: theirs.type, as: asTheirs },
          });
        }
      }
    }
  }
  return collisions;
}
