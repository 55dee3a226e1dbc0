import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PackageManifest } from '../manifest/package-manifest.types.js';
import { packPlugin, type PackedPlugin } from './pack-plugin.js';

/**
 * Packs a package from a manifest and the source of its scripts, the way `amctl plugin pack` packs a
 * directory: written to a temporary directory first, so both go through the same checks.
 */
export async function packManifest(manifest: PackageManifest, scriptFor: (script: string) => string): Promise<PackedPlugin> {
  const dir = await mkdtemp(join(tmpdir(), 'plugin-package-'));
  try {
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
    for (const script of new Set(manifest.definitions.map((definition) => definition.script))) {
      await mkdir(dirname(join(dir, script)), { recursive: true });
      await writeFile(join(dir, script), scriptFor(script));
    }
    return await packPlugin(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
