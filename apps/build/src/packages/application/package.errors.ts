/** A request the build service refuses, with the HTTP status that says why; the message names what is wrong. */
export class BuildRequestError extends Error {
  constructor(
    message: string,
    readonly status: 404 | 409 | 422 | 503,
    readonly problems?: { path: string; problem: string }[],
  ) {
    super(message);
  }
}

/** A package or version that is not there. */
export class PackageNotFoundError extends BuildRequestError {
  constructor(message: string) {
    super(message, 404);
  }
}

/** A version that exists already, or content that differs from what a version holds. */
export class PackageConflictError extends BuildRequestError {
  constructor(message: string) {
    super(message, 409);
  }
}
