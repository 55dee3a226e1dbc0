import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectiveCallLimits } from '../limits/sandbox-limits.js';
import { PluginPool } from './plugin-pool.js';

describe(PluginPool.name, () => {
  it('gives up, failing calls as sandbox crashes, when its workers cannot even start', async () => {
    // 1 MB of WASM memory is less than the QuickJS module needs to instantiate.
    const pool = new PluginPool({ size: 1, limits: { wasmMemoryMb: 1 } });
    try {
      const result = await pool.run({
        key: 'k',
        load: { source: 'exports.render = () => ({ resources: [] });', grants: [] },
        fn: 'render',
        input: '{}',
        limits: effectiveCallLimits(),
        onHostCall: async () => ({ ok: true, json: '' }),
      });
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.error.code, 'PLUGIN_SANDBOX_CRASH');
      assert.equal(!result.ok && result.error.message, 'sandbox workers fail to start');
    } finally {
      await pool.close();
    }
  });
});
