/** Failures of operations on deployment runs; the edge answers them as 404 / 409 with these messages. */
export class RunNotFoundError extends Error {
  override readonly name = 'RunNotFoundError';
}

/** The operation does not apply to the run in its current state (or kind). */
export class RunOperationRefusedError extends Error {
  override readonly name = 'RunOperationRefusedError';
}
