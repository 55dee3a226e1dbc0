import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Where plug-in definitions come from: the registry when PLUGIN_REGISTRY_URL is set, else the built-in bundles. */
export const pluginHostConfigSchema = z.object({
  PLUGIN_REGISTRY_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The registry's API token (role `service`); unset: this service's AUTH_BOOTSTRAP_TOKEN, as on a first start. */
  PLUGIN_REGISTRY_TOKEN: z.string().min(1).optional(),
  AUTH_BOOTSTRAP_TOKEN: z.string().optional(),
  DEPLOY_PLUGIN_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../../../../plugins', import.meta.url))),
  /**
   * Sandbox workers (default: one per core). More did not pay on 2 cores (bench:deploy): each worker costs the
   * main thread more in messages than the waits it overlaps, and far more threads than cores risks PLUGIN_TIMEOUT,
   * since a guest's CPU budget is timed by the clock, preemption included.
   */
  DEPLOY_PLUGIN_WORKERS: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
});

export type PluginHostConfig = z.infer<typeof pluginHostConfigSchema>;
