import type { PackagedDefinition } from '@appmanager/plugin-package';

/** What the registry keeps about each definition of a package version: its manifest entry, as is. */
export type StoredDefinition = PackagedDefinition;

/** One version of a plug-in package; its archive lives in object storage under `archiveKey`. */
export interface PluginPackage {
  id: string;
  name: string;
  version: string;
  description: string;
  enabled: boolean;
  /** sha256 (hex) of the package content in canonical form; see @appmanager/plugin-package. */
  sha256: string;
  archiveKey: string;
  sizeBytes: number;
  definitions: StoredDefinition[];
  createdAt: Date;
}

export function checksumOf(pkg: Pick<PluginPackage, 'sha256'>): string {
  return `sha256:${pkg.sha256}`;
}

/**
 * Content-addressed, so two uploads of one version with different content (a forced replace, or a
 * lost race) never overwrite each other's archive: a row always points at the bytes it describes.
 */
export function archiveKeyOf(name: string, version: string, sha256: string): string {
  return `plugins/${name}/${version}/${sha256}.tgz`;
}
