import { Inject, Injectable } from '@nestjs/common';
import { findDefinition, unpackPlugin } from '@appmanager/plugin-package';
import type { DefinitionKind } from '@appmanager/plugin-sdk';
import type { PluginPackage, StoredDefinition } from '../domain/plugin-package.js';
import { BadRequestError, PluginNotFoundError } from '../domain/registry.errors.js';
import { isValidRange, pickVersion } from '../domain/version-resolution.js';
import { ArchiveStore } from './archive.store.js';
import { PluginPackageRepository } from './plugin-package.repository.js';

export interface ResolvedDefinition {
  pkg: PluginPackage;
  definition: StoredDefinition;
  /** The script's source, so a consumer can load the definition without a second request. */
  script: string;
}

/**
 * The definition a deployment should use for `kind`/`type`: the highest enabled version within the
 * range, found by its type or one of its aliases. Two different plug-ins defining the same type are
 * ambiguous and refused, naming both.
 */
@Injectable()
export class ResolveDefinitionUseCase {
  constructor(
    @Inject(PluginPackageRepository) private readonly repository: PluginPackageRepository,
    @Inject(ArchiveStore) private readonly archives: ArchiveStore,
  ) {}

  async execute(kind: DefinitionKind, type: string, range = '*'): Promise<ResolvedDefinition> {
    if (!isValidRange(range)) throw new BadRequestError(`version "${range}" is not a semver range`);
    const candidates = await this.repository.findEnabledProviding(kind, type);
    const names = [...new Set(candidates.map((c) => c.name))];
    if (names.length > 1)
      throw new BadRequestError(`${kind} "${type}" is defined by several plug-ins (${names.join(', ')}); disable all but one`);
    const version = pickVersion(
      candidates.map((c) => c.version),
      range,
    );
    const pkg = candidates.find((c) => c.version === version);
    if (!pkg) throw new PluginNotFoundError(`no enabled plug-in defines ${kind} "${type}" in version range ${range}`);
    const definition = findDefinition(pkg.definitions, kind, type) as StoredDefinition;
    const archive = await this.archives.get(pkg.archiveKey);
    if (!archive) throw new PluginNotFoundError(`the archive of ${pkg.name}@${pkg.version} is missing from the package store`);
    const unpacked = await unpackPlugin(archive);
    const packaged = findDefinition(unpacked.manifest.definitions, kind, definition.type);
    return { pkg, definition, script: packaged ? unpacked.scriptOf(packaged) : '' };
  }
}
