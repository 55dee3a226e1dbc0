import { packageChecksum } from '../archive/package-checksum.js';
import { DEFAULT_PACKAGE_LIMITS, type PackageLimits } from '../archive/package-limits.js';
import { readTarGz } from '../archive/tar-gz.js';
import { PluginPackageError, type PackageProblem } from '../errors.js';
import type { PackagedDefinition, PackageManifest } from '../manifest/package-manifest.types.js';
import { decodeText, findManifestFile, readManifest } from '../manifest/read-manifest.js';
import { checkSizes } from './pack-plugin.js';

export interface UnpackedPlugin {
  manifest: PackageManifest;
  manifestFile: string;
  checksum: string;
  files: ReadonlyMap<string, Buffer>;
  /** The script of a definition, as text; every definition's script is known to exist. */
  scriptOf(definition: PackagedDefinition): string;
}

/**
 * Reads an archive as the registry receives it: limits first, then paths, manifest and the scripts
 * it names. Throws a PluginPackageError naming every problem; never writes anything to disk.
 */
export async function unpackPlugin(archive: Buffer, limits: PackageLimits = DEFAULT_PACKAGE_LIMITS): Promise<UnpackedPlugin> {
  const files = await readTarGz(archive, limits);
  checkSizes(files, limits);
  const manifestFile = findManifestFile(files.keys());
  const manifest = readManifest(manifestFile, files.get(manifestFile) as Buffer);
  const scripts = new Map<string, string>();
  const problems: PackageProblem[] = [];
  manifest.definitions.forEach((definition, index) => {
    const content = files.get(definition.script);
    if (!content) problems.push({ path: `definitions[${index}].script`, message: `"${definition.script}" is not in the archive` });
    else scripts.set(definition.script, decodeText(definition.script, content));
  });
  if (problems.length > 0) throw new PluginPackageError('MISSING_FILE', problems);
  return {
    manifest,
    manifestFile,
    checksum: packageChecksum(files),
    files,
    scriptOf: (definition) => scripts.get(definition.script) as string,
  };
}
