import { unzipSync, zipSync, type UnzipFileInfo, type Zippable } from 'fflate';
import { PackageInvalidError, type PackageProblem } from './package-invalid.error.js';

/** What one import may unpack, counted over the app zip and every component zip inside it. */
export interface ZipLimits {
  readonly maxEntries: number;
  readonly maxUncompressedBytes: number;
}

export const defaultZipLimits: ZipLimits = { maxEntries: 10_000, maxUncompressedBytes: 1024 * 1024 * 1024 };

/** The entry, byte and problem counts of one import, shared by the nested archives it opens. */
export class UnpackBudget {
  private entries = 0;
  private bytes = 0;

  constructor(readonly limits: ZipLimits = defaultZipLimits) {}

  /** Takes an archive's declared entries and sizes from the budget, or says which limit they break. */
  take(where: string, entries: number, bytes: number): PackageProblem | null {
    this.entries += entries;
    this.bytes += bytes;
    if (this.entries > this.limits.maxEntries) {
      return { path: where, problem: `${this.entries} entries in all, over the limit of ${this.limits.maxEntries}` };
    }
    if (this.bytes > this.limits.maxUncompressedBytes) {
      return {
        path: where,
        problem: `declares ${this.bytes} uncompressed bytes in all, over the limit of ${this.limits.maxUncompressedBytes} (a zip bomb?)`,
      };
    }
    return null;
  }
}

/**
 * A fixed modification time, so the same files always give the same bytes (and md5). fflate writes DOS time from
 * local date parts, and a date built from local parts reads back the same in every time zone.
 */
const fixedMtime = new Date(1980, 0, 1, 0, 0, 0);
const encoder = new TextEncoder();

/** `meta.yaml` first, then the other entries by name: the order never depends on how the files were gathered. */
function entryOrder(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'meta.yaml') return -1;
  if (b === 'meta.yaml') return 1;
  return a < b ? -1 : 1;
}

/** A deterministic zip of the files: fixed entry order, fixed mtime, fixed compression level. */
export function packZip(files: Readonly<Record<string, Uint8Array | string>>): Uint8Array {
  const zippable: Zippable = {};
  for (const name of Object.keys(files).sort(entryOrder)) {
    const problem = unsafeEntryName(name);
    if (problem) throw new PackageInvalidError([{ path: name, problem }]);
    const content = files[name]!;
    zippable[name] = typeof content === 'string' ? encoder.encode(content) : content;
  }
  return zipSync(zippable, { level: 6, mtime: fixedMtime });
}

/** Why an entry name could escape the directory it is unpacked into (zip-slip), or null when it is safe. */
export function unsafeEntryName(name: string): string | null {
  if (name.length === 0) return 'an entry has an empty name';
  if (name.includes('\0')) return `"${name.replace(/\0/g, '\\0')}" contains a NUL byte`;
  if (name.includes('\\')) return `"${name}" contains a backslash`;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return `"${name}" is an absolute path`;
  if (name.split('/').includes('..')) return `"${name}" climbs out of the archive with ".."`;
  return null;
}

function listEntries(bytes: Uint8Array, where: string): UnzipFileInfo[] {
  const entries: UnzipFileInfo[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        entries.push({ ...file });
        return false;
      },
    });
  } catch (error) {
    throw new PackageInvalidError([{ path: where, problem: `is not a readable zip archive (${(error as Error).message})` }]);
  }
  return entries;
}

/**
 * The files of a zip, refused before anything is inflated when an entry name is unsafe, a name repeats, or the
 * declared sizes break the budget; directory entries are left out.
 */
export function unpackZip(bytes: Uint8Array, where: string, budget: UnpackBudget): Record<string, Uint8Array> {
  const entries = listEntries(bytes, where);
  const problems: PackageProblem[] = [];
  const seen = new Set<string>();
  for (const { name } of entries) {
    const problem = unsafeEntryName(name);
    if (problem) problems.push({ path: where, problem });
    else if (seen.has(name)) problems.push({ path: where, problem: `"${name}" appears twice` });
    seen.add(name);
  }
  const declared = entries.reduce((sum, entry) => sum + entry.originalSize, 0);
  const overBudget = budget.take(where, entries.length, declared);
  if (overBudget) problems.push(overBudget);
  if (problems.length > 0) throw new PackageInvalidError(problems);

  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (file) => !file.name.endsWith('/') });
  } catch (error) {
    throw new PackageInvalidError([{ path: where, problem: `is not a readable zip archive (${(error as Error).message})` }]);
  }
  const declaredByName = new Map(entries.map((entry) => [entry.name, entry.originalSize]));
  for (const [name, content] of Object.entries(files)) {
    if (content.length > (declaredByName.get(name) ?? 0)) {
      throw new PackageInvalidError([{ path: `${where}/${name}`, problem: 'inflates to more bytes than its declared size' }]);
    }
  }
  return files;
}
