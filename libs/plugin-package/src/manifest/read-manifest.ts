import { parse as parseYaml } from 'yaml';
import { PluginPackageError } from '../errors.js';
import { MANIFEST_FILE_NAMES } from './package-manifest.types.js';
import type { PackageManifest } from './package-manifest.types.js';
import { validateManifest } from './validate-manifest.js';

/** Which manifest file a package has; refuses none or more than one, which would be ambiguous. */
export function findManifestFile(paths: Iterable<string>): string {
  const present = new Set(paths);
  const found = MANIFEST_FILE_NAMES.filter((name) => present.has(name));
  if (found.length === 0)
    throw new PluginPackageError('MISSING_FILE', [
      { path: '', message: `no manifest: expected one of ${MANIFEST_FILE_NAMES.join(', ')} at the package root` },
    ]);
  if (found.length > 1)
    throw new PluginPackageError('BAD_MANIFEST', [{ path: '', message: `more than one manifest (${found.join(', ')}); keep one` }]);
  return found[0] as string;
}

/** Parses (YAML or JSON by file name) and validates a manifest file. */
export function readManifest(fileName: string, content: Buffer): PackageManifest {
  const text = decodeText(fileName, content);
  let value: unknown;
  try {
    value = fileName.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new PluginPackageError('BAD_MANIFEST', [{ path: fileName, message: `cannot be parsed (${(error as Error).message})` }]);
  }
  return validateManifest(value);
}

export function decodeText(path: string, content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw new PluginPackageError('BAD_ARCHIVE', [{ path, message: 'is not UTF-8 text' }]);
  }
}
