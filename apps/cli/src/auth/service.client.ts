import { authorizedFetch } from './credentials.js';
import type { CliIo } from '../cli/cli-io.js';

/** JSON over HTTP to one AppManager service, as the logged-in user. Errors carry the service's own message. */
export class ServiceClient {
  constructor(
    private readonly baseUrl: string,
    /** How messages name the service: "the registry", "deploy". */
    private readonly name: string,
    private readonly io: CliIo,
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await authorizedFetch(this.io, url, init);
    } catch (error) {
      if (error instanceof TypeError) {
        throw new Error(`cannot reach ${this.name} at ${this.baseUrl} (${String(error.cause ?? error.message)})`);
      }
      throw error;
    }
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = { message: text.slice(0, 500) };
    }
    if (!response.ok) {
      const message = Array.isArray(body['message']) ? body['message'].join('; ') : String(body['message'] ?? response.statusText);
      throw new Error(`${this.name} answered ${response.status}: ${message}`);
    }
    return body;
  }
}
