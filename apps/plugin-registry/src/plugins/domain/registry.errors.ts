/** Failures the API turns into 4xx answers; each message says what is wrong in the user's terms. */
export class PluginNotFoundError extends Error {
  override readonly name = 'PluginNotFoundError';
}

export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
}

/** A definition's alias claims a name another enabled package already answers to (same kind). */
export class NameConflictError extends Error {
  override readonly name = 'NameConflictError';
}

export class PluginInUseError extends Error {
  override readonly name = 'PluginInUseError';
  constructor(
    message: string,
    readonly usages: string[],
  ) {
    super(message);
  }
}

/** The package is well-formed but its code is not: a script does not compile. */
export class InvalidScriptError extends Error {
  override readonly name = 'InvalidScriptError';
  constructor(readonly problems: Array<{ path: string; message: string }>) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  }
}

export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
}

/** The package store (S3) failed; the message says so without endpoint credentials. */
export class ArchiveStoreUnavailableError extends Error {
  override readonly name = 'ArchiveStoreUnavailableError';
}
