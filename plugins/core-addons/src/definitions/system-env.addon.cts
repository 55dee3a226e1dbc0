import type { AddonInput, AddonPlugin, PluginHost } from '@appmanager/plugin-sdk';

/**
 * AppManager's SystemEnvResourceAddon: the names listed in the component's `spec.env` (a map, as SREWorks packs it)
 * filled from the add-on service's configuration; outputs `spec.env.<NAME>` per name, so dataOutputs fieldPaths
 * like `{{ spec.env.DB_HOST }}` resolve.
 */
const systemEnv: AddonPlugin = {
  async apply(input: AddonInput, host: PluginHost) {
    const config = host.config;
    if (!config) throw new Error('the config capability is not granted');
    const spec = (input.properties['spec'] ?? {}) as { env?: Record<string, unknown> };
    const names = Object.keys(spec.env ?? {}).sort();
    const env: Record<string, string> = {};
    for (const name of names) env[name] = (await config.get(name)) ?? String(spec.env?.[name] ?? '');
    const outputs: Record<string, string> = {};
    for (const [name, value] of Object.entries(env)) outputs[`spec.env.${name}`] = value;
    return { outputs, signature: names.join(',') || 'empty' };
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
