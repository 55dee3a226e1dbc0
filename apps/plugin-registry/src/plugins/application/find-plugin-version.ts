import type { PluginPackage } from '../domain/plugin-package.js';
import { PluginNotFoundError } from '../domain/registry.errors.js';
import type { PluginPackageRepository } from './plugin-package.repository.js';

export async function findPluginVersion(repository: PluginPackageRepository, name: string, version: string): Promise<PluginPackage> {
  const found = await repository.find(name, version);
  if (!found) throw new PluginNotFoundError(`no plug-in ${name}@${version}`);
  return found;
}
