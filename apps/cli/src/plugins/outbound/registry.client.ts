import { basename } from 'node:path';
import type { CliIo } from '../../cli/cli-io.js';
import { ServiceClient } from '../../auth/service.client.js';

export interface RegistryPluginVersion {
  name: string;
  version: string;
  enabled: boolean;
  checksum?: string;
  sha256?: string;
}

/** The plug-in registry's HTTP API, as amctl uses it. Errors carry the registry's own message. */
export class RegistryClient {
  private readonly service: ServiceClient;

  constructor(baseUrl: string, io: CliIo) {
    this.service = new ServiceClient(baseUrl, 'the registry', io);
  }

  async upload(archive: Buffer, fileName: string, options: { force?: boolean } = {}): Promise<Record<string, unknown>> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(archive)], { type: 'application/gzip' }), basename(fileName));
    const query = options.force ? '?force=true' : '';
    return this.service.request(`/v1/plugins${query}`, { method: 'POST', body: form });
  }

  async list(): Promise<RegistryPluginVersion[]> {
    const page = await this.service.request('/v1/plugins?limit=500');
    return (page['items'] ?? []) as RegistryPluginVersion[];
  }
}
