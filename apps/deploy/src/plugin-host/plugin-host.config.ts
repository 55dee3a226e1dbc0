import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Where plug-in definitions come from: the registry when PLUGIN_REGISTRY_URL is set, else the built-in bundles. */
export const pluginHostConfigSchema = z.object({
  PLUGIN_REGISTRY_URL: z.url({ protocol: /^https?$/ }).optional(),
  DEPLOY_PLUGIN_DIR: z.string().min(1).default(fileURLToPath(new URL('../../../../plugins', import.meta.url))),
});

export type PluginHostConfig = z.infer<typeof pluginHostConfigSchema>;
