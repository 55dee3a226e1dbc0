import { Inject, Injectable } from '@nestjs/common';
import { PluginInUseError } from '../domain/registry.errors.js';
import { ArchiveStore } from './archive.store.js';
import { findPluginVersion } from './find-plugin-version.js';
import { PluginPackageRepository } from './plugin-package.repository.js';

/**
 * Deletes a version and its archive. Refused while something records that it uses the version
 * (see PluginUsageUseCase), unless forced.
 */
@Injectable()
export class DeletePluginVersionUseCase {
  constructor(
    @Inject(PluginPackageRepository) private readonly repository: PluginPackageRepository,
    @Inject(ArchiveStore) private readonly archives: ArchiveStore,
  ) {}

  async execute(name: string, version: string, force = false): Promise<void> {
    const pkg = await findPluginVersion(this.repository, name, version);
    const usages = await this.repository.usages(pkg);
    if (usages.length > 0 && !force) {
      const shown = usages.slice(0, 10).join(', ') + (usages.length > 10 ? `, and ${usages.length - 10} more` : '');
      throw new PluginInUseError(`${name}@${version} is in use by ${shown}; delete with ?force=true to remove it anyway`, usages);
    }
    await this.repository.delete(pkg, { action: 'deleted', name, version });
    // after the commit: a failed delete leaves an orphan object, never a row without its archive
    await this.archives.delete(pkg.archiveKey);
  }
}
