import { basename } from 'node:path';

export interface RegistryPluginVersion {
  name: string;
  version: string;
  enabled: boolean;
  checksum?: string;
  sha256?: string;
}

/** The plug-in registry's HTTP API, as amctl uses it. Errors carry the registry's own message. */
export class RegistryClient {
  constructor(private readonly baseUrl: string) {}

  async upload(archive: Buffer, fileName: string, options: { force?: boolean } = {}): Promise<Record<string, unknown>> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(archive)], { type: 'application/gzip' }), basename(fileName));
    const query = options.force ? '?force=true' : '';
    return this.request(`/v1/plugins${query}`, { method: 'POST', body: form });
  }

  async list(): Promise<RegistryPluginVersion[]> {
    const page = await this.request('/v1/plugins?limit=500');
    return (page['items'] ?? []) as RegistryPluginVersion[];
  }

  private async request(path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, init);
    } catch (error) {
      throw new Error(`cannot reach the registry at ${this.baseUrl} (${(error as Error).cause ?? (error as Error).message})`);
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
      throw new Error(`the registry answered ${response.status}: ${message}`);
    }
    return body;
  }
}
