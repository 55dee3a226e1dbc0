import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configMapComponent } from '../example/config-map.component.js';
import { FakeKube } from './fake-kube.js';
import { PluginHarness } from './plugin-harness.js';

const input = { component: { type: 'config-map', name: 'web' }, properties: { data: { LOG_LEVEL: 'info' } } };

describe(PluginHarness.name, () => {
  it('runs a component through render, apply, status and destroy against a fake cluster with a fixed clock', async () => {
    const harness = new PluginHarness(configMapComponent, {
      kind: 'Component',
      capabilities: { kube: true, outputs: true, log: true },
      now: '2030-05-01T10:00:00.000Z',
    });
    const rendered = await harness.call<{ resources: unknown[] }>('render', input);
    assert.deepEqual(rendered.resources, [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'test-app-web', labels: { 'app.kubernetes.io/name': 'web' } },
        data: { LOG_LEVEL: 'info', renderedAt: '2030-05-01T10:00:00.000Z' },
      },
    ]);
    assert.deepEqual(await harness.call('status', input), { state: 'PENDING', message: 'ConfigMap not found' });
    assert.deepEqual(await harness.call('apply', { ...input, resources: rendered.resources as never }), {
      applied: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'test-app-web' }],
    });
    assert.equal(harness.kube.all()[0]?.metadata.namespace, 'test-namespace');
    assert.deepEqual(harness.outputs, { configMapName: 'test-app-web' });
    assert.deepEqual(harness.logs, [{ level: 'info', message: 'applied', fields: { count: 1 }, correlationId: 'test-correlation-id' }]);
    assert.deepEqual(await harness.call('status', input), { state: 'RUNNING' });
    assert.deepEqual(await harness.call('destroy', input), { deleted: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'test-app-web' }] });
    assert.deepEqual(harness.kube.all(), []);
  });

  it('leaves out capabilities the definition did not declare, or its kind may not have', async () => {
    const seen: string[] = [];
    const probe = { rewrite: (_input: unknown, host: object) => (seen.push(...Object.keys(host)), { application: { components: [] } }) };
    await new PluginHarness(probe, { kind: 'Policy', capabilities: { kube: true, log: true } }).call('rewrite', {
      application: { components: [] },
    });
    assert.deepEqual(seen, ['log']);
  });

  it('keeps the fake cluster to the target namespace, as the platform does', async () => {
    const kube = new FakeKube('team-a');
    await assert.rejects(
      kube.get({ apiVersion: 'v1', kind: 'Secret', name: 'x', namespace: 'kube-system' }),
      /outside the target namespace/,
    );
  });

  it('refuses HTTP to URLs outside the allow-list', async () => {
    const plugin = {
      execute: async (_i: unknown, host: { http: { fetch(r: { url: string }): Promise<unknown> } }) =>
        host.http.fetch({ url: 'https://evil.test/' }),
    };
    const harness = new PluginHarness(plugin as never, {
      kind: 'WorkflowStep',
      capabilities: { http: { allow: ['https://api.example.com/'] } },
      http: () => ({ status: 200, headers: {}, body: '' }),
    });
    await assert.rejects(harness.call('execute', {}), /not allow-listed/);
  });

  it('shows results that would not survive the JSON boundary', async () => {
    const plugin = { render: () => ({ resources: [], when: new Date('2030-01-01T00:00:00Z'), gone: undefined }) };
    const result = await new PluginHarness(plugin, { kind: 'Component', capabilities: {} }).call('render', {});
    assert.deepEqual(result, { resources: [], when: '2030-01-01T00:00:00.000Z' });
  });
});
