import { Inject, Injectable } from '@nestjs/common';
import type { PluginPackage } from '../domain/plugin-package.js';
import { PluginNotFoundError } from '../domain/registry.errors.js';
import { ArchiveStore } from './archive.store.js';
import { findPluginVersion } from './find-plugin-version.js';
import { PluginPackageRepository } from './plugin-package.repository.js';

@Injectable()
export class DownloadArchiveUseCase {
  constructor(
    @Inject(PluginPackageRepository) private readonly repository: PluginPackageRepository,
    @Inject(ArchiveStore) private readonly archives: ArchiveStore,
  ) {}

  async execute(name: string, version: string): Promise<{ pkg: PluginPackage; archive: Buffer }> {
    const pkg = await findPluginVersion(this.repository, name, version);
    const archive = await this.archives.get(pkg.archiveKey);
    if (!archive) throw new PluginNotFoundError(`the archive of ${name}@${version} is missing from the package store`);
    return { pkg, archive };
  }
}
