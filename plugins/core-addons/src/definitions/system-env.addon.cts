import type { AddonInput, AddonPlugin, PluginHost } from '@appmanager/plugin-sdk';

/**
 * AppManager's SystemEnvResourceAddon: the names its component lists (`spec.keys`, as SREWorks' launch files set
 * them through parameterValues; or the keys of a `spec.env` map) filled from the add-on service's configuration
 * (only the names ADDON_SYSTEM_ENV allows). Outputs `env: { NAME: value }`, which deploy shows the add-on's
 * dataOutputs as `spec.env`, so fieldPaths like `{{ spec.env.DB_HOST }}` resolve as in AppManager.
 */
const systemEnv: AddonPlugin = {
  async apply(input: AddonInput, host: PluginHost) {
    const config = host.config;
    if (!config) throw new Error('the config capability is not granted');
    const spec = (input.properties['spec'] ?? {}) as { keys?: unknown; env?: Record<string, unknown> };
    const listed = Array.isArray(spec.keys) ? spec.keys.filter((k): k is string => typeof k === 'string') : Object.keys(spec.env ?? {});
    const names = [...new Set(listed)].sort();
    const env: Record<string, string> = {};
    // a name the service is not configured with keeps the value the file gave it (AppManager's default), or ''
    for (const name of names) env[name] = (await config.get(name)) ?? String(spec.env?.[name] ?? '');
    return { outputs: { env }, signature: names.join(',') || 'empty' };
  },
  async release() {
    return { released: true };
  },
  checkExpired() {
    // like AppManager (a null signature there): configuration may have changed, so every apply reads it again
    return true;
  },
};

module.exports = systemEnv;
