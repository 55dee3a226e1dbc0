import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEBUG_SYNC, TestQuickJSWASMModule, newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten';
import { RENDER_INPUT, WELL_BEHAVED_RENDER, aComponentDefinition, aContext, aPlugin } from '../corpus/corpus-fixtures.js';
import { HOSTILE_PLUGINS } from '../corpus/hostile-plugins.js';
import { isPluginError } from '../errors/plugin-error.js';
import { PluginRuntime } from '../runtime/plugin-runtime.js';

const ASYNC_WITH_HOST_CALLS = `
exports.render = async function (input, host) {
  await host.log.info('rendering', { name: input.component.name });
  await host.outputs.set('url', 'http://' + input.component.name);
  const pending = host.log.info('never awaited');
  return { resources: [] };
};`;

describe('QuickJS memory under the debug build', () => {
  let runtime: PluginRuntime;

  before(async () => {
    runtime = new PluginRuntime({
      // The debug build is compiled with AddressSanitizer, whose shadow memory needs far more than 64 MB.
      pool: { size: 1, variant: 'debug', limits: { wasmMemoryMb: 1024 } },
      // ...and runs several times slower than the release build.
      limits: { cpuMs: 2000, initCpuMs: 2000, hardKillMs: 20_000 },
    });
    await runtime.pool.ready();
  });
  after(() => runtime.close());

  // This test leaks on purpose: the LeakSanitizer report it prints on stderr is expected.
  it("the debug build's check does see memory that was not freed", async () => {
    const module = new TestQuickJSWASMModule(await newQuickJSWASMModuleFromVariant(DEBUG_SYNC));
    const ctx = module.newContext();
    ctx.newObject().dispose();
    assert.throws(() => module.assertNoMemoryAllocated(), /memory|leak|allocated/i);
    ctx.dispose();
    module.assertNoMemoryAllocated();
  });

  it('leaves nothing allocated after successful, async and failing calls', async () => {
    const good = aPlugin('leak-good', WELL_BEHAVED_RENDER);
    const withHost = aPlugin('leak-host', ASYNC_WITH_HOST_CALLS, aComponentDefinition({ log: true, outputs: true }));
    for (let i = 0; i < 5; i++) {
      await runtime.call({ plugin: good, fn: 'render', input: RENDER_INPUT, context: aContext() });
      const result = await runtime.call({ plugin: withHost, fn: 'render', input: RENDER_INPUT, context: aContext() });
      assert.deepEqual(result.outputs, { url: 'http://web' });
    }
    const failing = HOSTILE_PLUGINS.filter(
      (c) =>
        [
          'PLUGIN_THREW',
          'PLUGIN_TIMEOUT',
          'PLUGIN_STACK_OVERFLOW',
          'PLUGIN_OUT_OF_MEMORY',
          'PLUGIN_BAD_OUTPUT',
          'PLUGIN_HOST_CALL_LIMIT',
          'PLUGIN_HOST_CALL_FAILED',
          'PLUGIN_CAPABILITY_DENIED',
        ].includes(c.expect) &&
        // A hard kill replaces the worker, which frees everything by construction; the rest must free it themselves.
        !c.name.startsWith('loop of heavy built-ins') &&
        // Exhausting the WASM memory also exhausts AddressSanitizer's own allocator in the debug build
        // (a sanitizer abort, not a QuickJS leak); the release-build corpus covers those bombs.
        !c.name.endsWith('memory bomb'),
    );
    const codes = new Set<string>();
    for (const hostile of failing) {
      const plugin = aPlugin(`leak-${hostile.name.replace(/\W+/g, '-')}`, hostile.source, aComponentDefinition(hostile.capabilities ?? {}));
      await assert.rejects(
        runtime.call({
          plugin,
          fn: 'render',
          input: RENDER_INPUT,
          context: aContext(),
          ports: hostile.ports?.(),
          limits: { ...(hostile.expect === 'PLUGIN_TIMEOUT' ? { cpuMs: 300 } : {}), ...hostile.limits },
        }),
        (error: unknown) => isPluginError(error) && codes.add(error.code) !== undefined,
      );
    }
    assert.ok(codes.size >= 7, `exercised ${[...codes].join(', ')}`);
    assert.equal(runtime.pool.restarts, 0, 'no worker was replaced, so the same WASM module saw every call');
    const reports = await runtime.pool.leakCheck();
    assert.equal(reports.length, 1);
    assert.deepEqual(reports, [{ t: 'leakReport', ok: true, message: 'no QuickJS memory left allocated' }]);
  });
});
