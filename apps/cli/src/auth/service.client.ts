import { authorizedFetch, ServiceUnreachableError } from './credentials.js';
import { SERVICES, serviceUrl, type CliIo, type ServiceName } from '../cli/cli-io.js';

/** A service answered with an error status; `status` decides the exit code (400/422 bad input, 502-504 unreachable). */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** JSON over HTTP to one AppManager service, as the logged-in user. Errors carry the service's own message. */
export class ServiceClient {
  constructor(
    private readonly baseUrl: string,
    /** How messages name the service: "the registry", "deploy". */
    private readonly name: string,
    private readonly io: CliIo,
  ) {}

  /** The client of one of the known services, at its flag, variable or default URL. */
  static of(service: ServiceName, io: CliIo): ServiceClient {
    return new ServiceClient(serviceUrl(service, io), SERVICES[service].label, io);
  }

  async request(path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
    return this.json<Record<string, unknown>>(path, init);
  }

  /** The parsed JSON answer (an object or an array, as the route answers). */
  async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const text = await (await this.fetch(path, init)).text();
    try {
      return (text ? JSON.parse(text) : {}) as T;
    } catch {
      return { message: text.slice(0, 500) } as T;
    }
  }

  /** A JSON body sent with `method`. */
  send<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.json<T>(path, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  }

  /** The response itself (binary downloads, event streams), once it is known to be a success. */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await authorizedFetch(this.io, `${this.baseUrl}${path}`, init);
    } catch (error) {
      if (error instanceof ServiceUnreachableError) {
        throw new ServiceUnreachableError(`cannot reach ${this.name} at ${this.baseUrl} (${error.detail})`, error.detail);
      }
      throw error;
    }
    if (!response.ok) throw await this.errorOf(response);
    return response;
  }

  private async errorOf(response: Response): Promise<Error> {
    const text = await response.text();
    let body: Record<string, unknown>;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = { message: text.slice(0, 500) };
    }
    const message = Array.isArray(body['message']) ? body['message'].join('; ') : String(body['message'] ?? response.statusText);
    const listed = body['issues'] ?? body['problems'];
    const problems = Array.isArray(listed) ? (listed as { path?: unknown; message?: string }[]) : [];
    const where = (path: unknown) => (Array.isArray(path) ? path.join('.') : String(path ?? ''));
    const detail = problems.map((p) => `\n  ${where(p.path) ? `${where(p.path)}: ` : ''}${p.message ?? ''}`).join('');
    if ([502, 503, 504].includes(response.status)) {
      return new ServiceUnreachableError(`${this.name} answered ${response.status}: ${message}`, message);
    }
    return new ServiceError(`${this.name} answered ${response.status}: ${message}${detail}`, response.status);
  }
}
