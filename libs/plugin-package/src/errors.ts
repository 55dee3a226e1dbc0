/** What went wrong with a package; callers map codes to HTTP statuses or exit codes. */
export type PluginPackageErrorCode = 'BAD_MANIFEST' | 'BAD_ARCHIVE' | 'LIMIT_EXCEEDED' | 'UNSAFE_PATH' | 'MISSING_FILE';

/** One problem, with the place it was found: `definitions[1].propertiesSchema`, or a file path. */
export interface PackageProblem {
  path: string;
  message: string;
}

export class PluginPackageError extends Error {
  override readonly name = 'PluginPackageError';

  constructor(
    readonly code: PluginPackageErrorCode,
    readonly problems: PackageProblem[],
  ) {
    super(problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; '));
  }
}
