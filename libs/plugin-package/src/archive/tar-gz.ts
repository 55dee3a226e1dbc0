import { Readable } from 'node:stream';
import { buffer as readAll } from 'node:stream/consumers';
import { gunzipSync, gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { PluginPackageError } from '../errors.js';
import type { PackageLimits } from './package-limits.js';
import { pathProblem } from './package-path.js';

/**
 * Writes files as a gzipped tar with fixed metadata (mtime 0, mode 0644, sorted), so the same files give
 * byte-identical archives.
 */
export async function writeTarGz(files: ReadonlyMap<string, Buffer>): Promise<Buffer> {
  const pack = tar.pack();
  const done = readAll(pack);
  for (const path of [...files.keys()].sort()) {
    const content = files.get(path) as Buffer;
    await new Promise<void>((resolve, reject) => {
      pack.entry({ name: path, size: content.length, mode: 0o644, mtime: new Date(0), type: 'file' }, content, (error) =>
        error ? reject(error) : resolve(),
      );
    });
  }
  pack.finalize();
  return gzipSync(await done, { level: 9 });
}

/**
 * Reads a gzipped tar within the limits. Only regular files (and directory entries, which are skipped)
 * are accepted: links and devices could point outside the package once extracted somewhere.
 */
export async function readTarGz(archive: Buffer, limits: PackageLimits): Promise<Map<string, Buffer>> {
  if (archive.length > limits.maxArchiveBytes) {
    throw new PluginPackageError('LIMIT_EXCEEDED', [
      { path: '', message: `the archive is ${archive.length} bytes, more than the limit of ${limits.maxArchiveBytes}` },
    ]);
  }
  const tarBytes = gunzip(archive, limits);
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  const reading = (async () => {
    for await (const entry of extract) {
      const { name, type, size } = entry.header;
      const path = name.replace(/\/$/, '');
      const unsafe = pathProblem(path);
      if (unsafe) throw new PluginPackageError('UNSAFE_PATH', [unsafe]);
      if (type === 'directory') {
        entry.resume();
        continue;
      }
      if (type !== 'file') throw new PluginPackageError('BAD_ARCHIVE', [{ path, message: `is a ${type}; only regular files are allowed` }]);
      if ((size ?? 0) > limits.maxFileBytes)
        throw new PluginPackageError('LIMIT_EXCEEDED', [
          { path, message: `is ${size} bytes, more than the limit of ${limits.maxFileBytes}` },
        ]);
      if (files.has(path)) throw new PluginPackageError('BAD_ARCHIVE', [{ path, message: 'appears twice in the archive' }]);
      if (files.size >= limits.maxFiles)
        throw new PluginPackageError('LIMIT_EXCEEDED', [{ path: '', message: `the archive has more than ${limits.maxFiles} files` }]);
      files.set(path, await readAll(entry));
    }
  })();
  Readable.from([tarBytes]).pipe(extract);
  try {
    await reading;
  } catch (error) {
    extract.destroy();
    if (error instanceof PluginPackageError) throw error;
    throw new PluginPackageError('BAD_ARCHIVE', [{ path: '', message: `not a valid tar archive (${(error as Error).message})` }]);
  }
  return files;
}

function gunzip(archive: Buffer, limits: PackageLimits): Buffer {
  try {
    return gunzipSync(archive, { maxOutputLength: limits.maxUnpackedBytes + 1024 * 1024 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new PluginPackageError('LIMIT_EXCEEDED', [
        { path: '', message: `the archive unpacks to more than ${limits.maxUnpackedBytes} bytes` },
      ]);
    }
    throw new PluginPackageError('BAD_ARCHIVE', [{ path: '', message: `not a gzip-compressed tar archive (${(error as Error).message})` }]);
  }
}
