import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import { gunzipSync } from 'fflate';

interface TarEntry {
  path: string;
  type: string;
  mode: number;
  body: Uint8Array;
}

const BLOCK = 512;
const text = (bytes: Uint8Array, from: number, length: number): string => {
  const slice = bytes.subarray(from, from + length);
  const end = slice.indexOf(0);
  return Buffer.from(end === -1 ? slice : slice.subarray(0, end)).toString('utf8');
};
const octal = (bytes: Uint8Array, from: number, length: number): number => parseInt(text(bytes, from, length).trim() || '0', 8);

/** Reads ustar/GNU/pax entries (long names included); a tar this small needs no stream parser. */
function* tarEntries(tar: Uint8Array): Generator<TarEntry> {
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return;
    const size = octal(header, 124, 12);
    const type = text(header, 156, 1) || '0';
    const prefix = text(header, 345, 155);
    const body = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') longName = text(body, 0, body.length);
    else if (type === 'x') longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(Buffer.from(body).toString('utf8'))?.[1] ?? longName;
    else if (type !== 'g') {
      const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
      longName = undefined;
      yield { path: name, type, mode: octal(header, 100, 8), body };
    }
  }
}

/** The entry's path inside `root`, refusing absolute paths and any `..` step. */
function safePath(root: string, path: string): string {
  const parts = path.split(/[\\/]+/);
  if (isAbsolute(path) || parts.includes('..')) throw new Error(`archive entry ${path} leads out of the context`);
  return join(root, normalize(path));
}

/**
 * Unpacks an uploaded `.tar.gz` build context into `into`. Files and directories only: an entry
 * that is absolute or climbs with `..` fails the whole extraction, links are refused.
 */
export async function extractArchiveContext(bytes: Uint8Array, into: string): Promise<string> {
  const entries = [...tarEntries(gunzipSync(bytes))];
  for (const entry of entries) {
    safePath(into, entry.path);
    if (entry.type === '1' || entry.type === '2') {
      throw new Error(`archive entry ${entry.path} is a link; build contexts must hold plain files`);
    }
  }
  await mkdir(into, { recursive: true });
  for (const entry of entries) {
    const target = safePath(into, entry.path);
    if (entry.type === '5') await mkdir(target, { recursive: true });
    else if (entry.type === '0' || entry.type === '7') {
      await mkdir(join(target, '..'), { recursive: true });
      await writeFile(target, entry.body);
      await chmod(target, entry.mode & 0o755 || 0o644);
    }
  }
  return into;
}
