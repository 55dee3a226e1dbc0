/** A cause inside `Status.details.causes`, as the API server reports field errors. */
export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** The wire `Status` object every failed request returns. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** An error that maps one-to-one onto a Kubernetes `Status` response. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): KubeStatus {
    const status: KubeStatus = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) status.details = this.details;
    return status;
  }
}

/** `group` is '' for the core group; `resource` is the plural, as the API server words it. */
export interface GroupResource {
  group: string;
  resource: string;
}

const qualified = (gr: GroupResource): string => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource);

export const notFound = (gr: GroupResource, name: string): ApiError =>
  new ApiError(404, 'NotFound', `${qualified(gr)} "${name}" not found`, { name, group: gr.group, kind: gr.resource });

export const alreadyExists = (gr: GroupResource, name: string): ApiError =>
  new ApiError(409, 'AlreadyExists', `${qualified(gr)} "${name}" already exists`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });

export const staleConflict = (gr: GroupResource, name: string): ApiError =>
  new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(gr)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group: gr.group, kind: gr.resource },
  );

export const invalid = (kind: string, group: string, name: string, causes: StatusCause[]): ApiError =>
  new ApiError(
    422,
    'Invalid',
    `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${causes.map((c) => `${c.field ?? ''}: ${c.message}`).join(', ')}`,
    { name, group, kind, causes: causes.map((c) => ({ reason: c.reason ?? 'FieldValueInvalid', ...c })) },
  );

export const badRequest = (message: string): ApiError => new ApiError(400, 'BadRequest', message);

export const unauthorized = (): ApiError => new ApiError(401, 'Unauthorized', 'Unauthorized');

export const forbidden = (message: string): ApiError => new ApiError(403, 'Forbidden', message);

export const gone = (message: string): ApiError => new ApiError(410, 'Expired', message);

export const methodNotAllowed = (): ApiError =>
  new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');

export const unsupportedMediaType = (contentType: string): ApiError =>
  new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml; got "${contentType}"`,
  );

export const tooManyRequests = (retryAfterSeconds: number): ApiError =>
  new ApiError(429, 'TooManyRequests', 'the server has received too many requests and has asked us to try again later', {
    retryAfterSeconds,
  });

export const internalError = (message: string): ApiError => new ApiError(500, 'InternalError', `Internal error occurred: ${message}`);

export const pathNotFound = (): ApiError => new ApiError(404, 'NotFound', 'the server could not find the requested resource');
