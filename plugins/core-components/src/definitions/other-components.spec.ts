import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeKube, PluginHarness, type KubeObject } from '@appmanager/plugin-sdk';
import { loadBundle } from '../testing/load-bundle.js';

interface JobObject extends KubeObject {
  spec: { backoffLimit: number; template: { spec: { restartPolicy: string; containers: unknown[] } } };
}

describe('job component', () => {
  const job = loadBundle('job.component');
  const input = { component: { type: 'job', name: 'migrate' }, properties: { image: 'shop/migrate:7', args: ['--up'], backoffLimit: 1 } };

  it('renders a Job that runs once to completion', async () => {
    const harness = new PluginHarness(job, { kind: 'Component', capabilities: { kube: true } });
    const { resources } = await harness.call<{ resources: JobObject[] }>('render', input);
    assert.equal(resources[0]?.kind, 'Job');
    assert.equal(resources[0]?.spec.backoffLimit, 1);
    assert.equal(resources[0]?.spec.template.spec.restartPolicy, 'Never');
    assert.deepEqual(resources[0]?.spec.template.spec.containers, [{ name: 'migrate', image: 'shop/migrate:7', args: ['--up'] }]);
  });

  it('is COMPLETED when a pod succeeded and FAILURE when the Job failed', async () => {
    const live = (status: object): KubeObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' }, status });
    const state = async (status: object) =>
      new PluginHarness(job, {
        kind: 'Component',
        capabilities: { kube: true },
        kube: new FakeKube('test-namespace', [live(status)]),
      }).call<{ state: string }>('status', input);
    assert.equal((await state({ succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] })).state, 'COMPLETED');
    assert.equal(
      (await state({ failed: 2, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] })).state,
      'FAILURE',
    );
    assert.equal((await state({ active: 1 })).state, 'RUNNING');
  });
});

describe('k8s-objects component', () => {
  const objects = loadBundle('k8s-objects.component');
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', labels: { team: 'shop' } }, data: { a: '1' } };
  const input = { component: { type: 'k8s-objects', name: 'extras' }, properties: { objects: [configMap] } };

  it('renders the manifests as given, labelled with app and component, and tracks whether they exist', async () => {
    const harness = new PluginHarness(objects, { kind: 'Component', capabilities: { kube: true } });
    const { resources } = await harness.call<{ resources: KubeObject[] }>('render', input);
    assert.deepEqual(resources[0]?.['data'], { a: '1' });
    assert.equal(resources[0]?.metadata.labels?.['team'], 'shop');
    assert.equal(resources[0]?.metadata.labels?.['appmanager.io/component'], 'extras');
    assert.deepEqual(await harness.call('status', input), { state: 'PENDING', message: 'not found: ConfigMap/settings' });
    await harness.call('apply', { ...input, resources: resources as never });
    assert.deepEqual(await harness.call('status', input), { state: 'RUNNING' });
  });
});
