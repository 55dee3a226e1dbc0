import { Inject, Injectable } from '@nestjs/common';
import type { PluginPackage } from '../domain/plugin-package.js';
import { findPluginVersion } from './find-plugin-version.js';
import { PluginPackageRepository } from './plugin-package.repository.js';
import { refuseNameCollisions } from './refuse-name-collisions.js';

/** Enables or disables a version; a no-op (and no event) when it already is. Enabling checks its aliases as an upload does. */
@Injectable()
export class SetPluginEnabledUseCase {
  constructor(@Inject(PluginPackageRepository) private readonly repository: PluginPackageRepository) {}

  async execute(name: string, version: string, enabled: boolean): Promise<PluginPackage> {
    const pkg = await findPluginVersion(this.repository, name, version);
    if (pkg.enabled === enabled) return pkg;
    if (enabled) await refuseNameCollisions(this.repository, pkg);
    await this.repository.setEnabled(pkg, enabled, { action: enabled ? 'enabled' : 'disabled', name, version });
    return { ...pkg, enabled };
  }
}
