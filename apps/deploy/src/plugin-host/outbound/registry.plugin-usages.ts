import { type DataSource } from 'typeorm';
import { type PluginUsages, type PluginVersionRef } from '../application/plugin.usages.js';

/** The consumer name the registry keeps for a deployment, as its README documents it. */
export const deploymentConsumer = (deploymentId: string): string => `deploy:deployment/${deploymentId}`;

interface UsageRow {
  deployment_id: string;
  plugin_name: string;
  plugin_version: string;
}

/**
 * Usages through the registry's `PUT`/`DELETE /v1/plugins/{name}/{version}/usages/{consumer}`.
 * Which versions a deployment recorded is kept in `deploy.deployment_plugin_usage`, written before the `PUT`
 * (a row without a usage only costs a `DELETE` answered 404), so whichever replica finishes the deployment,
 * or a later sweep, releases them. A row goes only once the registry released its usage.
 */
export class RegistryPluginUsages implements PluginUsages {
  /** This replica's `PUT`s per deployment, so a version is recorded once per process, not once per call. */
  private readonly recorded = new Map<string, Map<string, Promise<void>>>();

  constructor(
    private readonly baseUrl: string,
    private readonly dataSource: DataSource,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  record(deploymentId: string, plugin: PluginVersionRef): Promise<void> {
    const versions = this.recorded.get(deploymentId) ?? new Map<string, Promise<void>>();
    this.recorded.set(deploymentId, versions);
    const key = `${plugin.name}@${plugin.version}`;
    let pending = versions.get(key);
    if (!pending) {
      pending = this.persist(deploymentId, plugin).then(() => this.send('PUT', deploymentId, plugin));
      // a failed record is asked again by the next call, not remembered as done
      pending.catch(() => versions.get(key) === pending && versions.delete(key));
      versions.set(key, pending);
    }
    return pending;
  }

  async release(deploymentId: string): Promise<void> {
    const versions = this.recorded.get(deploymentId);
    this.recorded.delete(deploymentId);
    // a record still on its way must land (row and PUT) before it is released
    if (versions) await Promise.allSettled(versions.values());
    const rows = rowsOf<UsageRow>(
      await this.dataSource.query(
        'SELECT deployment_id, plugin_name, plugin_version FROM deploy.deployment_plugin_usage WHERE deployment_id = $1',
        [deploymentId],
      ),
    );
    await this.releaseRows(rows);
  }

  async releaseFinished(): Promise<void> {
    const rows = rowsOf<UsageRow>(
      await this.dataSource.query(`SELECT u.deployment_id, u.plugin_name, u.plugin_version FROM deploy.deployment_plugin_usage u
        JOIN deploy.deployment_run r ON r.deployment_id = u.deployment_id
        WHERE r.state IN ('SUCCESS', 'TERMINATED')
           OR EXISTS (SELECT 1 FROM deploy.deployment d JOIN deploy.deployment_run ur ON ur.deployment_id = d.id
                      WHERE d.kind = 'undeploy' AND d.source_deployment_id = u.deployment_id AND ur.state = 'SUCCESS')`),
    );
    await this.releaseRows(rows);
  }

  private async releaseRows(rows: UsageRow[]): Promise<void> {
    const failures: string[] = [];
    for (const row of rows) {
      try {
        await this.send('DELETE', row.deployment_id, { name: row.plugin_name, version: row.plugin_version });
        await this.dataSource.query(
          'DELETE FROM deploy.deployment_plugin_usage WHERE deployment_id = $1 AND plugin_name = $2 AND plugin_version = $3',
          [row.deployment_id, row.plugin_name, row.plugin_version],
        );
      } catch (error) {
        // the row stays: the next release or sweep asks the registry again
        failures.push((error as Error).message);
      }
    }
    if (failures.length > 0) throw new Error(failures.join('; '));
  }

  private async persist(deploymentId: string, plugin: PluginVersionRef): Promise<void> {
    try {
      await this.dataSource.query(
        'INSERT INTO deploy.deployment_plugin_usage (deployment_id, plugin_name, plugin_version) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [deploymentId, plugin.name, plugin.version],
      );
    } catch (error) {
      throw new Error(`cannot record the use of plug-in ${plugin.name}@${plugin.version}: ${(error as Error).message}`);
    }
  }

  private async send(method: 'PUT' | 'DELETE', deploymentId: string, plugin: PluginVersionRef): Promise<void> {
    const path = [plugin.name, plugin.version, 'usages', deploymentConsumer(deploymentId)].map(encodeURIComponent);
    const url = `${this.baseUrl.replace(/\/+$/, '')}/v1/plugins/${path[0]}/${path[1]}/${path[2]}/${path[3]}`;
    const action = method === 'PUT' ? 'record' : 'release';
    let response: Response;
    try {
      response = await this.fetchFn(url, { method, signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new Error(
        `cannot ${action} the use of plug-in ${plugin.name}@${plugin.version} at the plug-in registry: ${(error as Error).message}`,
      );
    }
    // releasing a version deleted meanwhile (forced) has nothing left to release
    if (response.ok || (method === 'DELETE' && response.status === 404)) return;
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    throw new Error(
      `the plug-in registry refused to ${action} the use of plug-in ${plugin.name}@${plugin.version} (${response.status}): ${String(body['message'] ?? response.statusText)}`,
    );
  }
}

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? (result as T[]) : []);
