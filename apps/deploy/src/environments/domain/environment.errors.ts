/** Failures of the environments API in the user's terms; the edge answers them as 404 / 422. */
export class EnvironmentNotFoundError extends Error {
  override readonly name = 'EnvironmentNotFoundError';
}

/** A field names something that does not exist or does not work (an unreachable cluster API); `path` names the field. */
export class EnvironmentInvalidError extends Error {
  override readonly name = 'EnvironmentInvalidError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}
