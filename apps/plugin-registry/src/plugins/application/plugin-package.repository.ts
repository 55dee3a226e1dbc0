import type { PluginPackage } from '../domain/plugin-package.js';

/** Port: where plugin packages are kept. */
export abstract class PluginPackageRepository {
  abstract list(page: { limit: number; offset: number }): Promise<{ items: PluginPackage[]; total: number }>;
}
