import { Inject, Injectable } from '@nestjs/common';
import type { PluginPackage } from '../domain/plugin-package.js';
import { PluginNotFoundError } from '../domain/registry.errors.js';
import { findPluginVersion } from './find-plugin-version.js';
import { PluginPackageRepository } from './plugin-package.repository.js';

/** One version, or every version of a plug-in (newest first). */
@Injectable()
export class GetPluginUseCase {
  constructor(@Inject(PluginPackageRepository) private readonly repository: PluginPackageRepository) {}

  version(name: string, version: string): Promise<PluginPackage> {
    return findPluginVersion(this.repository, name, version);
  }

  async versions(name: string): Promise<PluginPackage[]> {
    const versions = await this.repository.versions(name);
    if (versions.length === 0) throw new PluginNotFoundError(`no plug-in named ${name}`);
    return versions;
  }
}
