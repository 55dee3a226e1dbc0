import { type PluginUsages, type PluginVersionRef } from '../application/plugin.usages.js';

/** The consumer name the registry keeps for a deployment, as its README documents it. */
export const deploymentConsumer = (deploymentId: string): string => `deploy:deployment/${deploymentId}`;

/**
 * Usages through the registry's `PUT`/`DELETE /v1/plugins/{name}/{version}/usages/{consumer}`.
 * Which versions a deployment recorded is kept in this replica's memory (TODO(#plugin-usage-persistence):
 * persist it with the run, so a deployment finished by another replica after a crash is released too).
 */
export class RegistryPluginUsages implements PluginUsages {
  private readonly recorded = new Map<string, Map<string, Promise<void>>>();

  constructor(private readonly baseUrl: string, private readonly fetchFn: typeof fetch = fetch) {}

  record(deploymentId: string, plugin: PluginVersionRef): Promise<void> {
    const versions = this.recorded.get(deploymentId) ?? new Map<string, Promise<void>>();
    this.recorded.set(deploymentId, versions);
    const key = `${plugin.name}@${plugin.version}`;
    let pending = versions.get(key);
    if (!pending) {
      pending = this.send('PUT', deploymentId, plugin);
      // a failed record is asked again by the next call, not remembered as done
      pending.catch(() => versions.get(key) === pending && versions.delete(key));
      versions.set(key, pending);
    }
    return pending;
  }

  async release(deploymentId: string): Promise<void> {
    const versions = this.recorded.get(deploymentId);
    if (!versions) return;
    this.recorded.delete(deploymentId);
    const failures: string[] = [];
    for (const [key, pending] of versions) {
      const [name, version] = [key.slice(0, key.lastIndexOf('@')), key.slice(key.lastIndexOf('@') + 1)];
      try {
        await pending;
        await this.send('DELETE', deploymentId, { name: name as string, version: version as string });
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    if (failures.length > 0) throw new Error(failures.join('; '));
  }

  private async send(method: 'PUT' | 'DELETE', deploymentId: string, plugin: PluginVersionRef): Promise<void> {
    const path = [plugin.name, plugin.version, 'usages', deploymentConsumer(deploymentId)].map(encodeURIComponent);
    const url = `${this.baseUrl.replace(/\/+$/, '')}/v1/plugins/${path[0]}/${path[1]}/${path[2]}/${path[3]}`;
    const action = method === 'PUT' ? 'record' : 'release';
    let response: Response;
    try {
      response = await this.fetchFn(url, { method, signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new Error(`cannot ${action} the use of plug-in ${plugin.name}@${plugin.version} at the plug-in registry: ${(error as Error).message}`);
    }
    // releasing a version deleted meanwhile (forced) has nothing left to release
    if (response.ok || (method === 'DELETE' && response.status === 404)) return;
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    throw new Error(`the plug-in registry refused to ${action} the use of plug-in ${plugin.name}@${plugin.version} (${response.status}): ${String(body['message'] ?? response.statusText)}`);
  }
}
