import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packZip } from '../domain/zip-archive.js';

/** The files under `dir`, by their `/`-separated path relative to it. */
async function readTree(dir: string, prefix = ''): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(files, await readTree(path, `${prefix}${entry.name}/`));
    else if (entry.isFile()) files[`${prefix}${entry.name}`] = new Uint8Array(await readFile(path));
  }
  return files;
}

/**
 * The app package zip of an unpacked SREWorks build directory, made as SREWorks' build makes it: each
 * `<TYPE>_<NAME>.zip.dir/` becomes `<TYPE>_<NAME>.zip` holding that directory's files at its top level, and the
 * app zip holds `meta.yaml` plus those zips. The `launch*.yaml*` deploy templates beside them are not packaged.
 */
export async function zipAppManagerBuildDir(dir: string): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name.endsWith('.zip.dir')) {
      files[entry.name.slice(0, -'.dir'.length)] = packZip(await readTree(join(dir, entry.name)));
    } else if (entry.isFile() && entry.name === 'meta.yaml') {
      files[entry.name] = new Uint8Array(await readFile(join(dir, entry.name)));
    }
  }
  if (!files['meta.yaml']) throw new Error(`${dir} has no meta.yaml: it is not an AppManager build directory`);
  return packZip(files);
}
