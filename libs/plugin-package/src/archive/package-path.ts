import { posix } from 'node:path';
import type { PackageProblem } from '../errors.js';

/**
 * Why a path may not be in a package, or undefined when it is fine. Only plain relative paths are
 * allowed: no `..` segment, no absolute path, no backslash or drive letter that would escape on
 * another OS, no control characters.
 */
export function unsafePathReason(path: string): string | undefined {
  if (path.length === 0 || path.length > 255) return 'must be 1 to 255 characters';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'must be relative';
  if (path.includes('\\')) return 'must use "/" as separator';
  if (/[\u0000-\u001f]/.test(path)) return 'has control characters';
  const segments = path.split('/');
  if (segments.includes('..')) return 'must not contain ".."';
  if (segments.some((s) => s === '' || s === '.')) return 'must be normalised (no empty or "." segments)';
  if (posix.normalize(path) !== path) return 'must be normalised';
  return undefined;
}

export function pathProblem(path: string): PackageProblem | undefined {
  const reason = unsafePathReason(path);
  return reason ? { path, message: `unsafe path: ${reason}` } : undefined;
}
