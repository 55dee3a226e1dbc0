import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Where plug-in definitions come from: the registry when PLUGIN_REGISTRY_URL is set, else the built-in bundles. */
export const pluginHostConfigSchema = z.object({
  PLUGIN_REGISTRY_URL: z.url({ protocol: /^https?$/ }).optional(),
  DEPLOY_PLUGIN_DIR: z.string().min(1).default(fileURLToPath(new URL('../../../../plugins', import.meta.url))),
  /**
   * Sandbox workers. A worker stays busy while its plug-in waits on the cluster (apply, status), so calls are
   * mostly waiting, not computing: twice the cores keeps a wide DAG's nodes from queueing behind each other. Far
   * more threads than cores risks PLUGIN_TIMEOUT: a guest's CPU budget is timed by the clock, preemption included.
   */
  DEPLOY_PLUGIN_WORKERS: z.coerce.number().int().min(1).max(64).default(Math.min(16, 2 * availableParallelism())),
});

export type PluginHostConfig = z.infer<typeof pluginHostConfigSchema>;
