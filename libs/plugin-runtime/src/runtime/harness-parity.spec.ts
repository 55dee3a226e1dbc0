import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PluginHarness, evaluateBundle } from '@appmanager/plugin-sdk';
import { aComponentDefinition, aContext, aPlugin } from '../corpus/corpus-fixtures.js';
import { runPluginOnce } from './run-plugin-once.js';

const roomy = { cpuMs: 1000, initCpuMs: 1000 };

const BUNDLE = `
function render(input, host) {
  return { resources: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: input.component.name }, spec: { port: input.properties.port } }] };
}
module.exports = { render, apply: async (input, host) => { await host.log.info('apply'); return { applied: [] }; } };`;

describe('SDK harness and sandbox parity', () => {
  it('gives the same result for the same bundle in the pure-JS harness and in QuickJS', async () => {
    const input = { component: { type: 'svc', name: 'api' }, properties: { port: 8080 } };
    const context = aContext();
    const harness = new PluginHarness(evaluateBundle(BUNDLE), { kind: 'Component', capabilities: { log: true }, context });
    const sandboxed = await runPluginOnce({
      plugin: aPlugin('parity', BUNDLE, aComponentDefinition({ log: true })),
      fn: 'render',
      input,
      context,
      limits: roomy,
    });
    assert.deepEqual(await harness.call('render', input), sandboxed.value);
    const applied = await runPluginOnce({
      plugin: aPlugin('parity', BUNDLE, aComponentDefinition({ log: true })),
      fn: 'apply',
      input: { ...input, resources: [] },
      context,
      limits: roomy,
    });
    assert.deepEqual(await harness.call('apply', { ...input, resources: [] }), applied.value);
    assert.deepEqual(
      harness.logs.map((l) => l.message),
      applied.logs.map((l) => l.message),
    );
  });
});
