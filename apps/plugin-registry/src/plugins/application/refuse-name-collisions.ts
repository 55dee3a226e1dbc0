import { nameCollisions, namesOf } from '../domain/definition-names.js';
import type { PluginPackage } from '../domain/plugin-package.js';
import { NameConflictError } from '../domain/registry.errors.js';
import type { PluginPackageRepository } from './plugin-package.repository.js';

/**
 * Throws NameConflictError (409) when enabling `pkg` would let one of its aliases claim a name another
 * enabled package already answers to, or its type take another package's alias; names both.
 */
export async function refuseNameCollisions(repository: PluginPackageRepository, pkg: PluginPackage): Promise<void> {
  const others = new Map<string, PluginPackage>();
  for (const definition of pkg.definitions) {
    for (const name of namesOf(definition)) {
      for (const other of await repository.findEnabledProviding(definition.kind, name)) others.set(other.id, other);
    }
  }
  const collisions = nameCollisions(pkg, [...others.values()]);
  if (collisions.length === 0) return;
  throw new NameConflictError(
    collisions
      .map(
        (c) =>
          `${c.kind} "${c.name}" (of ${pkg.name}@${pkg.version} ${c.ours}) is already the ${c.theirs.as} of ${c.theirs.type} in ${c.theirs.pkg}`,
      )
      .join('; ') + '; rename the alias, or disable the other package first',
  );
}
