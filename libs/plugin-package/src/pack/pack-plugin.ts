import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { packageChecksum } from '../archive/package-checksum.js';
import { DEFAULT_PACKAGE_LIMITS, type PackageLimits } from '../archive/package-limits.js';
import { pathProblem } from '../archive/package-path.js';
import { writeTarGz } from '../archive/tar-gz.js';
import { PluginPackageError, type PackageProblem } from '../errors.js';
import type { PackageManifest } from '../manifest/package-manifest.types.js';
import { MANIFEST_FILE_NAMES } from '../manifest/package-manifest.types.js';
import { decodeText, findManifestFile, readManifest } from '../manifest/read-manifest.js';

export interface PackedPlugin {
  archive: Buffer;
  manifest: PackageManifest;
  /** `sha256:<hex>` over the content (see packageChecksum), not over the archive bytes. */
  checksum: string;
  files: string[];
}

/** Optional files carried along when present: they help whoever browses the registry. */
const OPTIONAL_FILES = ['README.md', 'CHANGELOG.md'];

/**
 * Packs a plug-in directory: its manifest, every script the manifest names and README/CHANGELOG if
 * present. Nothing else is picked up, so sources, tests and node_modules never leak into a package.
 */
export async function packPlugin(dir: string, limits: PackageLimits = DEFAULT_PACKAGE_LIMITS): Promise<PackedPlugin> {
  const manifestFile = findManifestFile(await existing(dir, [...MANIFEST_FILE_NAMES]));
  const manifestContent = await readFile(join(dir, manifestFile));
  const manifest = readManifest(manifestFile, manifestContent);
  const files = new Map<string, Buffer>([[manifestFile, manifestContent]]);
  const problems: PackageProblem[] = [];
  for (const [index, definition] of manifest.definitions.entries()) {
    const unsafe = pathProblem(definition.script);
    if (unsafe) {
      problems.push({ path: `definitions[${index}].script`, message: `${unsafe.message} ("${definition.script}")` });
      continue;
    }
    if (files.has(definition.script)) continue;
    try {
      const content = await readFile(join(dir, definition.script));
      decodeText(definition.script, content);
      files.set(definition.script, content);
    } catch (error) {
      const reason = error instanceof PluginPackageError ? error.message : 'file not found (build the plug-in first?)';
      problems.push({ path: `definitions[${index}].script`, message: `${definition.script}: ${reason}` });
    }
  }
  if (problems.length > 0) throw new PluginPackageError('MISSING_FILE', problems);
  for (const optional of await existing(dir, OPTIONAL_FILES)) files.set(optional, await readFile(join(dir, optional)));
  checkSizes(files, limits);
  const archive = await writeTarGz(files);
  if (archive.length > limits.maxArchiveBytes) {
    throw new PluginPackageError('LIMIT_EXCEEDED', [
      { path: '', message: `the archive would be ${archive.length} bytes, more than the limit of ${limits.maxArchiveBytes}` },
    ]);
  }
  return { archive, manifest, checksum: packageChecksum(files), files: [...files.keys()].sort() };
}

export function checkSizes(files: ReadonlyMap<string, Buffer>, limits: PackageLimits): void {
  if (files.size > limits.maxFiles)
    throw new PluginPackageError('LIMIT_EXCEEDED', [
      { path: '', message: `${files.size} files, more than the limit of ${limits.maxFiles}` },
    ]);
  let total = 0;
  for (const [path, content] of files) {
    if (content.length > limits.maxFileBytes)
      throw new PluginPackageError('LIMIT_EXCEEDED', [
        { path, message: `is ${content.length} bytes, more than the limit of ${limits.maxFileBytes}` },
      ]);
    total += content.length;
  }
  if (total > limits.maxUnpackedBytes)
    throw new PluginPackageError('LIMIT_EXCEEDED', [
      { path: '', message: `the files add up to ${total} bytes, more than the limit of ${limits.maxUnpackedBytes}` },
    ]);
}

async function existing(dir: string, names: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const name of names) {
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (info?.isFile()) found.push(name);
  }
  return found;
}
