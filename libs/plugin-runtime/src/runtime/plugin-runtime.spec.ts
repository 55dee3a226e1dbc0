import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '@appmanager/plugin-sdk';
import { RENDER_INPUT, WELL_BEHAVED_RENDER, aComponentDefinition, aContext, aPlugin } from '../corpus/corpus-fixtures.js';
import { isPluginError } from '../errors/plugin-error.js';
import type { KubeCapability, PluginLogEntry } from '../host/capability-ports.js';
import type { PooledWorker } from '../pool/pooled-worker.js';
import { MAX_KNOWN_PLUGINS } from '../worker/worker-protocol.js';
import { PluginRuntime } from './plugin-runtime.js';

/** An in-memory cluster behind the KubeCapability port, keyed by namespace/kind/name. */
function inMemoryKube(): KubeCapability & { objects: Map<string, KubeObject> } {
  const objects = new Map<string, KubeObject>();
  const key = (ns: string, kind: string, name: string) => `${ns}/${kind}/${name}`;
  return {
    objects,
    get: async (_scope, ref) => objects.get(key(ref.namespace, ref.kind, ref.name)) ?? null,
    list: async (_scope, query) => [...objects.values()].filter((o) => o.kind === query.kind && o.metadata.namespace === query.namespace),
    apply: async (_scope, object) => {
      objects.set(key(object.metadata.namespace ?? '', object.kind, object.metadata.name), object);
      return object;
    },
    delete: async (_scope, ref) => objects.delete(key(ref.namespace, ref.kind, ref.name)),
  };
}

const APPLYING_COMPONENT = `
exports.render = WELL_BEHAVED;
exports.apply = async function (input, host) {
  const applied = [];
  for (const resource of input.resources) {
    const live = await host.kube.apply(resource);
    applied.push({ apiVersion: live.apiVersion, kind: live.kind, name: live.metadata.name, namespace: live.metadata.namespace });
  }
  await host.outputs.set('configmap', applied[0].name);
  await host.log.info('applied', { count: applied.length });
  return { applied };
};
exports.status = async function (input, host) {
  const found = await host.kube.list({ apiVersion: 'v1', kind: 'ConfigMap' });
  return { state: found.length > 0 ? 'RUNNING' : 'PENDING' };
};
exports.destroy = () => ({ deleted: [] });`;

describe(PluginRuntime.name, () => {
  let runtime: PluginRuntime;
  before(async () => {
    // Roomy CPU budgets: these tests are about behaviour, and CI machines are loaded.
    runtime = new PluginRuntime({ pool: { size: 2 }, limits: { cpuMs: 1000, initCpuMs: 1000 } });
    await runtime.pool.ready();
  });
  after(() => runtime.close());

  it('renders in a warm context within one isolation key: the first call is cold, the next ones are not', async () => {
    const plugin = aPlugin('warm', WELL_BEHAVED_RENDER);
    const first = await runtime.call({ plugin, fn: 'render', input: RENDER_INPUT, context: aContext(), isolation: 'deployment-1' });
    const second = await runtime.call({ plugin, fn: 'render', input: RENDER_INPUT, context: aContext(), isolation: 'deployment-1' });
    const elsewhere = await runtime.call({ plugin, fn: 'render', input: RENDER_INPUT, context: aContext(), isolation: 'deployment-2' });
    const alone = await runtime.call({ plugin, fn: 'render', input: RENDER_INPUT, context: aContext() });
    assert.deepEqual(
      [first, second, elsewhere, alone].map((r) => r.stats.coldStart),
      [true, false, true, true],
      'warm within a key; another key, or none, gets a sandbox of its own',
    );
    assert.deepEqual(second.value, first.value);
  });

  it('lets a component apply through Kubernetes in the target namespace, set outputs and log with the correlation id', async () => {
    const kube = inMemoryKube();
    const lines: PluginLogEntry[] = [];
    const plugin = aPlugin(
      'applier',
      APPLYING_COMPONENT.replace('WELL_BEHAVED', `(${WELL_BEHAVED_RENDER.replace('exports.render = ', '').replace(/;\s*$/, '')})`),
      aComponentDefinition({ kube: true, outputs: true, log: true }),
    );
    const ports = { kube, log: { write: (line: PluginLogEntry) => lines.push(line) } };
    const rendered = await runtime.call<{ resources: KubeObject[] }>({ plugin, fn: 'render', input: RENDER_INPUT, context: aContext() });
    const applied = await runtime.call({
      plugin,
      fn: 'apply',
      input: { ...RENDER_INPUT, resources: rendered.value.resources },
      context: aContext({ correlationId: 'deploy-42' }),
      ports,
    });
    assert.deepEqual(applied.value, { applied: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'web', namespace: 'shop-prod' }] });
    assert.deepEqual(applied.outputs, { configmap: 'web' });
    assert.deepEqual([...kube.objects.keys()], ['shop-prod/ConfigMap/web']);
    assert.deepEqual(
      lines.map((l) => [l.message, l.correlationId, l.fields]),
      [['applied', 'deploy-42', { count: 1 }]],
    );
    const status = await runtime.call({ plugin, fn: 'status', input: RENDER_INPUT, context: aContext(), ports });
    assert.deepEqual(status.value, { state: 'RUNNING' });
  });

  it('accepts module.exports objects and top-level function declarations as the module format', async () => {
    const viaModule = aPlugin('module-exports', 'module.exports = { render: () => ({ resources: [] }) };');
    const viaDeclaration = aPlugin('declared', 'function render(input) { return { resources: [] }; }');
    for (const plugin of [viaModule, viaDeclaration]) {
      assert.deepEqual((await runtime.call({ plugin, fn: 'render', input: RENDER_INPUT, context: aContext() })).value, { resources: [] });
    }
  });

  it('refuses properties that do not match the definition schema before running anything', async () => {
    const plugin = aPlugin(
      'strict',
      WELL_BEHAVED_RENDER,
      aComponentDefinition(
        {},
        {
          propertiesSchema: { type: 'object', required: ['image'], properties: { image: { type: 'string' } } },
        },
      ),
    );
    await assert.rejects(
      runtime.call({ plugin, fn: 'render', input: RENDER_INPUT, context: aContext() }),
      (error: unknown) => isPluginError(error, 'PLUGIN_BAD_INPUT') && /image/.test(error.message),
    );
  });

  it("checks workflow-step outputs against the definition's outputsSchema", async () => {
    const definition = aComponentDefinition(
      { outputs: true },
      {
        kind: 'WorkflowStep',
        outputsSchema: { type: 'object', properties: { replicas: { type: 'integer' } } },
      },
    );
    const good = aPlugin('step-good', "exports.execute = () => ({ outcome: 'succeeded', outputs: { replicas: 3 } });", definition);
    const bad = aPlugin(
      'step-bad',
      "exports.execute = async (i, host) => { await host.outputs.set('replicas', 'three'); return { outcome: 'succeeded' }; };",
      definition,
    );
    const input = { step: { type: 'scale', name: 's1' }, properties: {}, inputs: {}, workflowContext: {} };
    assert.deepEqual((await runtime.call({ plugin: good, fn: 'execute', input, context: aContext() })).value, {
      outcome: 'succeeded',
      outputs: { replicas: 3 },
    });
    await assert.rejects(runtime.call({ plugin: bad, fn: 'execute', input, context: aContext() }), (error: unknown) =>
      isPluginError(error, 'PLUGIN_BAD_OUTPUT'),
    );
  });

  it('serialises results with the JSON it captured before plug-in code ran', async () => {
    const plugin = aPlugin(
      'json-swapper',
      'JSON.stringify = () => \'{"resources":[],"forged":true}\'; exports.render = () => ({ resources: [] });',
    );
    assert.deepEqual((await runtime.call({ plugin, fn: 'render', input: RENDER_INPUT, context: aContext() })).value, { resources: [] });
  });

  it('refuses a function the kind does not have', async () => {
    const plugin = aPlugin('kind-check', WELL_BEHAVED_RENDER);
    await assert.rejects(runtime.call({ plugin, fn: 'execute', input: {}, context: aContext() }), (error: unknown) =>
      isPluginError(error, 'PLUGIN_MISSING_EXPORT'),
    );
  });

  it("keeps each plug-in's globals to itself", async () => {
    // One worker, so both plug-ins certainly share a WASM module.
    const shared = new PluginRuntime({ pool: { size: 1 }, limits: { cpuMs: 1000, initCpuMs: 1000 } });
    try {
      const writer = aPlugin(
        'writer',
        "exports.render = () => { globalThis.secret = 'token'; Object.prototype.injected = 1; return { resources: [] }; };",
      );
      const reader = aPlugin(
        'reader',
        "exports.render = () => ({ resources: [], seen: typeof globalThis.secret + '/' + typeof ({}).injected });",
      );
      await shared.call({ plugin: writer, fn: 'render', input: RENDER_INPUT, context: aContext() });
      assert.equal(
        ((await shared.call({ plugin: reader, fn: 'render', input: RENDER_INPUT, context: aContext() })).value as { seen: string }).seen,
        'undefined/undefined',
      );
    } finally {
      await shared.close();
    }
  });

  it('recycles a warm context whose plug-in keeps growing its heap across calls', async () => {
    const hoarder = new PluginRuntime({ pool: { size: 1, limits: { runtimeMemoryMb: 4 } }, limits: { cpuMs: 1000, initCpuMs: 1000 } });
    try {
      const plugin = aPlugin(
        'hoarder',
        'globalThis.kept = []; exports.render = () => { for (let i = 0; i < 100000; i++) kept.push({ i }); return { resources: [], kept: kept.length }; };',
      );
      const calls = [];
      for (let i = 0; i < 3; i++) calls.push(await hoarder.call({ plugin, fn: 'render', input: RENDER_INPUT, context: aContext() }));
      assert.deepEqual(
        calls.map((c) => [(c.value as { kept: number }).kept, c.stats.coldStart]),
        [
          [100000, true],
          [100000, true],
          [100000, true],
        ],
      );
    } finally {
      await hoarder.close();
    }
  });

  it('keeps serving after more plug-in versions passed through a worker than it stores code for', async () => {
    const small = new PluginRuntime({ pool: { size: 1, limits: { warmContexts: 2 } }, limits: { cpuMs: 1000, initCpuMs: 1000 } });
    try {
      const versions = Array.from({ length: MAX_KNOWN_PLUGINS + 3 }, (_, i) => aPlugin(`version-${i}`, `${WELL_BEHAVED_RENDER}\n// ${i}`));
      for (const plugin of versions) await small.call({ plugin, fn: 'render', input: RENDER_INPUT, context: aContext() });
      const again = await small.call({ plugin: versions[0]!, fn: 'render', input: RENDER_INPUT, context: aContext() });
      assert.equal(again.stats.coldStart, true);
      assert.equal(small.pool.restarts, 0);
    } finally {
      await small.close();
    }
  });

  it('keeps the most recently used sandboxes warm and evicts the least recently used beyond warmContexts', async () => {
    const small = new PluginRuntime({ pool: { size: 1, limits: { warmContexts: 2 } }, limits: { cpuMs: 1000, initCpuMs: 1000 } });
    try {
      const [a, b, c] = ['lru-a', 'lru-b', 'lru-c'].map((name) => aPlugin(name, WELL_BEHAVED_RENDER));
      const coldStarts = [];
      for (const plugin of [a, b, a, c, a, b])
        coldStarts.push(
          (await small.call({ plugin: plugin!, fn: 'render', input: RENDER_INPUT, context: aContext(), isolation: 'd1' })).stats.coldStart,
        );
      // c pushes out b (used before a), so a stays warm and b starts cold again
      assert.deepEqual(coldStarts, [true, true, false, true, false, true]);
    } finally {
      await small.close();
    }
  });

  it('serves concurrent calls from several plug-ins across the pool', async () => {
    const plugins = [aPlugin('c1', WELL_BEHAVED_RENDER), aPlugin('c2', WELL_BEHAVED_RENDER), aPlugin('c3', WELL_BEHAVED_RENDER)];
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        runtime.call({
          plugin: plugins[i % 3]!,
          fn: 'render',
          input: { ...RENDER_INPUT, component: { ...RENDER_INPUT.component, name: `web-${i}` } },
          context: aContext(),
        }),
      ),
    );
    assert.deepEqual(
      results.map((r) => (r.value as { resources: KubeObject[] }).resources[0]?.metadata.name),
      Array.from({ length: 60 }, (_, i) => `web-${i}`),
    );
  });

  it('replaces a worker that dies mid-call: that call fails as a sandbox crash, the next one succeeds', async () => {
    let entered!: () => void;
    const inHostCall = new Promise<void>((resolve) => (entered = resolve));
    const plugin = aPlugin(
      'crash-victim',
      "exports.render = async (i, host) => { await host.http.fetch({ url: 'https://api.example.com/x' }); return { resources: [] }; };",
      aComponentDefinition({ http: { allow: ['https://api.example.com/'] } }),
    );
    const ports = {
      http: {
        fetch: () => {
          entered();
          return new Promise<never>(() => undefined);
        },
      },
    };
    const restarts = runtime.pool.restarts;
    const victim = runtime.call({ plugin, fn: 'render', input: RENDER_INPUT, context: aContext(), ports });
    await inHostCall;
    const workers = (runtime.pool as unknown as { workers: PooledWorker[] }).workers;
    await workers.find((w) => w.busy)?.terminate();
    await assert.rejects(victim, (error: unknown) => isPluginError(error, 'PLUGIN_SANDBOX_CRASH'));
    const next = await runtime.call({
      plugin: aPlugin('after-crash', WELL_BEHAVED_RENDER),
      fn: 'render',
      input: RENDER_INPUT,
      context: aContext(),
    });
    assert.ok(next.value);
    assert.equal(runtime.pool.restarts, restarts + 1);
  });
});
