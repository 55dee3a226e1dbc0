import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RENDER_INPUT, WELL_BEHAVED_RENDER, aContext, aPlugin } from '../corpus/corpus-fixtures.js';
import { isPluginError } from '../errors/plugin-error.js';
import { runPluginOnce } from './run-plugin-once.js';

describe(runPluginOnce.name, () => {
  it('runs one call in its own sandbox pool and closes it', async () => {
    const result = await runPluginOnce({
      plugin: aPlugin('once', WELL_BEHAVED_RENDER),
      fn: 'render',
      input: RENDER_INPUT,
      context: aContext(),
      limits: { cpuMs: 1000, initCpuMs: 1000 },
    });
    assert.equal((result.value as { resources: unknown[] }).resources.length, 1);
  });

  it('fails with the same codes the platform would use', async () => {
    await assert.rejects(
      runPluginOnce({
        plugin: aPlugin('once-bad', 'exports.render = () => { while (true) {} };'),
        fn: 'render',
        input: RENDER_INPUT,
        context: aContext(),
      }),
      (error: unknown) => isPluginError(error, 'PLUGIN_TIMEOUT'),
    );
  });
});
