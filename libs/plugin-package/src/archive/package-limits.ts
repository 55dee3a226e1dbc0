/** Bounds an archive must keep; the registry applies them to uploads before reading anything else. */
export interface PackageLimits {
  /** Size of the compressed archive. */
  maxArchiveBytes: number;
  /** Sum of the uncompressed file sizes: stops a small gzip bomb. */
  maxUnpackedBytes: number;
  maxFiles: number;
  maxFileBytes: number;
}

export const DEFAULT_PACKAGE_LIMITS: PackageLimits = {
  maxArchiveBytes: 5 * 1024 * 1024,
  maxUnpackedBytes: 20 * 1024 * 1024,
  maxFiles: 200,
  maxFileBytes: 5 * 1024 * 1024,
};
