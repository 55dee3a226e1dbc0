import type { DefinitionKind } from '@appmanager/plugin-sdk';
import type { PluginPackage } from '../domain/plugin-package.js';

/** A change to announce, written in the same transaction as the change (outbox). */
export type RegistryEvent =
  | {
      action: 'installed';
      name: string;
      version: string;
      checksum: string;
      definitions: Array<{ kind: DefinitionKind; type: string; aliases?: string[] }>;
    }
  | { action: 'enabled' | 'disabled' | 'deleted'; name: string; version: string };

/** Port: where plugin packages are kept. Every write also records its event, atomically. */
export abstract class PluginPackageRepository {
  abstract list(page: { limit: number; offset: number }): Promise<{ items: PluginPackage[]; total: number }>;
  abstract find(name: string, version: string): Promise<PluginPackage | undefined>;
  /** Every version of one plug-in, newest first by semver. */
  abstract versions(name: string): Promise<PluginPackage[]>;
  /** Enabled versions of any plug-in that define `kind`/`type`, as its type or one of its aliases. */
  abstract findEnabledProviding(kind: DefinitionKind, type: string): Promise<PluginPackage[]>;
  /** Inserts, or replaces the row of the same name and version (keeping its id and usages). */
  abstract save(pkg: PluginPackage, event: RegistryEvent): Promise<PluginPackage>;
  abstract setEnabled(pkg: PluginPackage, enabled: boolean, event: RegistryEvent): Promise<void>;
  abstract delete(pkg: PluginPackage, event: RegistryEvent): Promise<void>;
  abstract usages(pkg: PluginPackage): Promise<string[]>;
  abstract addUsage(pkg: PluginPackage, consumer: string): Promise<void>;
  abstract removeUsage(pkg: PluginPackage, consumer: string): Promise<boolean>;
}
