import { type PluginUsages } from '../application/plugin.usages.js';

/** Without a registry the definitions are the built-in bundles on disk, which nobody can delete: no usage to keep. */
export class BuiltinPluginUsages implements PluginUsages {
  async record(): Promise<void> {}
  async release(): Promise<void> {}
  async releaseFinished(): Promise<void> {}
}
