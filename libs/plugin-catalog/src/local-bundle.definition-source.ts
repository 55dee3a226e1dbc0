import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DefinitionNotFoundError, type DefinitionSource, type ResolvedDefinitionDto } from './definition.source.js';
import { findDefinition, readManifest, type PackageManifest } from '@appmanager/plugin-package';
import type { DefinitionKind } from '@appmanager/plugin-sdk';

/**
 * The built-in plug-ins read straight from `plugins/<name>/plugin.yaml` and their built scripts, for when no
 * registry is configured (tests, a laptop). Same answers as the registry's resolve API (by type or alias),
 * minus versions ranges.
 */
export class LocalBundleDefinitionSource implements DefinitionSource {
  private manifests?: { dir: string; manifest: PackageManifest }[];

  constructor(private readonly pluginsDir: string) {}

  async resolve(kind: DefinitionKind, type: string): Promise<ResolvedDefinitionDto> {
    for (const { dir, manifest } of this.load()) {
      const definition = findDefinition(manifest.definitions, kind, type);
      if (!definition) continue;
      const script = readFileSync(join(dir, definition.script), 'utf8');
      return { name: manifest.name, version: manifest.version, checksum: '', definition, script };
    }
    throw new DefinitionNotFoundError(`no ${kind} "${type}" among the built-in plug-ins in ${this.pluginsDir}`);
  }

  private load(): { dir: string; manifest: PackageManifest }[] {
    if (this.manifests) return this.manifests;
    const found: { dir: string; manifest: PackageManifest }[] = [];
    for (const entry of existsSync(this.pluginsDir) ? readdirSync(this.pluginsDir) : []) {
      const dir = join(this.pluginsDir, entry);
      const file = join(dir, 'plugin.yaml');
      if (existsSync(file)) found.push({ dir, manifest: readManifest('plugin.yaml', readFileSync(file)) });
    }
    this.manifests = found;
    return found;
  }
}
