import { createHash } from 'node:crypto';

/**
 * sha256 over the package's content in a canonical form: files sorted by path, each as
 * `<path>\n<byte length>\n<bytes>`. It ignores tar metadata (timestamps, owners, order), so packing
 * the same directory twice, on any machine, gives the same checksum. Format: `sha256:<64 hex>`.
 */
export function packageChecksum(files: ReadonlyMap<string, Buffer>): string {
  const hash = createHash('sha256');
  for (const path of [...files.keys()].sort()) {
    const content = files.get(path) as Buffer;
    hash.update(`${path}\n${content.length}\n`);
    hash.update(content);
  }
  return `sha256:${hash.digest('hex')}`;
}
