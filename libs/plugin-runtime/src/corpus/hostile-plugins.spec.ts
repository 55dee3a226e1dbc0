import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isPluginError } from '../errors/plugin-error.js';
import { PluginRuntime } from '../runtime/plugin-runtime.js';
import { RENDER_INPUT, WELL_BEHAVED_RENDER, aComponentDefinition, aContext, aPlugin } from './corpus-fixtures.js';
import { HOSTILE_PLUGINS, STATE_STASHING_PLUGIN, type HostileCase } from './hostile-plugins.js';

describe('hostile plug-in corpus', () => {
  // One worker, so every hostile call and the good call after it share the same worker (or its replacement).
  let runtime: PluginRuntime;
  const good = aPlugin('good', WELL_BEHAVED_RENDER);
  // CPU is measured as wall time of guest slices, so a loaded CI machine eats into it. Cases that
  // test another limit get room enough that only that limit can stop them; timeouts keep 50 ms.
  const roomy = { cpuMs: 2000, initCpuMs: 2000 };
  const limitsFor = (hostile: HostileCase) => ({ ...(hostile.expect === 'PLUGIN_TIMEOUT' ? {} : roomy), ...hostile.limits });

  before(async () => {
    runtime = new PluginRuntime({ pool: { size: 1 } });
    await runtime.pool.ready();
  });
  after(() => runtime.close());

  for (const hostile of HOSTILE_PLUGINS) {
    it(`answers "${hostile.name}" with ${hostile.expect}, then serves the next call`, async () => {
      const plugin = aPlugin(
        `hostile-${hostile.name.replace(/\W+/g, '-')}`,
        hostile.source,
        aComponentDefinition(hostile.capabilities ?? {}),
      );
      await assert.rejects(
        runtime.call({
          plugin,
          fn: 'render',
          input: RENDER_INPUT,
          context: aContext(),
          ports: hostile.ports?.(),
          limits: limitsFor(hostile),
        }),
        (error: unknown) => {
          assert.ok(isPluginError(error), `expected a PluginError, got ${String(error)}`);
          assert.equal(error.code, hostile.expect, `${error.message} / plug-in said: ${error.pluginMessage}`);
          if (hostile.pluginMessage) assert.match(error.pluginMessage ?? '', hostile.pluginMessage);
          return true;
        },
      );
      const next = await runtime.call({ plugin: good, fn: 'render', input: RENDER_INPUT, context: aContext(), limits: roomy });
      assert.deepEqual(next.value, {
        resources: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web' }, data: { replicas: '2' } }],
      });
    });
  }

  it("keeps a plug-in's globals and patched intrinsics from every call of another deployment, or of none", async () => {
    const stasher = aPlugin('state-stasher', STATE_STASHING_PLUGIN);
    const seen = async (isolation?: string) => {
      const result = await runtime.call<{ resources: { data: { before: string; patched: string } }[] }>({
        plugin: stasher,
        fn: 'render',
        input: RENDER_INPUT,
        context: aContext(),
        limits: roomy,
        ...(isolation ? { isolation } : {}),
      });
      return result.value.resources[0]?.data;
    };
    // three deployments, then three calls for nobody in particular (the registry's :run): each starts clean
    for (const isolation of ['deployment-1', 'deployment-2', 'deployment-3', undefined, undefined, undefined])
      assert.deepEqual(await seen(isolation), { before: '0', patched: 'false' }, `isolation ${isolation ?? 'none'}`);
    // within one deployment its state is its own: the second call of deployment-1 finds the first one's
    assert.deepEqual(await seen('deployment-1'), { before: '1', patched: 'true' });
    assert.equal(({} as Record<string, unknown>)['__mark'], undefined, 'nothing reached the host');
  });

  it('never lets a __proto__ in an output reach the host prototype', () => {
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('hard-kills and replaces the worker for a heavy built-in loop, without failing a queued call', async () => {
    const restartsBefore = runtime.pool.restarts;
    const heavy = HOSTILE_PLUGINS.find((c) => c.name.startsWith('loop of heavy built-ins'));
    assert.ok(heavy);
    const plugin = aPlugin('heavy-again', heavy.source);
    const hostileCall = runtime.call({ plugin, fn: 'render', input: RENDER_INPUT, context: aContext() });
    const queuedCall = runtime.call({ plugin: good, fn: 'render', input: RENDER_INPUT, context: aContext(), limits: roomy });
    await assert.rejects(hostileCall, (error: unknown) => isPluginError(error, 'PLUGIN_TIMEOUT') && /killed/.test(error.message));
    assert.equal((await queuedCall).value !== undefined, true);
    assert.equal(runtime.pool.restarts, restartsBefore + 1);
  });
});
