import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appliedFieldsOf, driftedFields, hashOfFields } from './applied-fields.js';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { a: 'b' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' }, annotations: { 'appmanager.io/config-hash': 'x', note: 'kept' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: {} }] },
    },
  },
};

describe('applied fields', () => {
  it('lists leaf fields outside metadata and status with hashes of their values, never the values', () => {
    const fields = appliedFieldsOf(deployment);
    assert.ok(fields['spec.replicas']);
    assert.ok(fields['spec.template.spec.containers.0.image']);
    assert.equal(fields['spec.template.spec.containers.0.resources'], 'object');
    assert.ok(fields['spec.template.metadata.annotations.note']);
    assert.equal(fields['spec.template.metadata.annotations.appmanager\\.io/config-hash'], undefined, 'platform annotations are not drift');
    assert.ok(!JSON.stringify(fields).includes('nginx'));
    assert.equal(hashOfFields(fields), hashOfFields(appliedFieldsOf(structuredClone(deployment))));
  });

  it('finds no drift in a live object that only gained defaults, status and other annotations', () => {
    const live = structuredClone(deployment) as typeof deployment & Record<string, unknown>;
    live['status'] = { readyReplicas: 2 };
    (live.spec as Record<string, unknown>)['strategy'] = { type: 'RollingUpdate' };
    (live.spec.template.spec.containers[0] as Record<string, unknown>)['resources'] = { limits: { cpu: '1' } };
    live.spec.template.metadata.annotations['appmanager.io/config-hash'] = 'y';
    assert.deepEqual(driftedFields(appliedFieldsOf(deployment), live), []);
  });

  it('names the fields that changed or went away', () => {
    const live = structuredClone(deployment) as typeof deployment & Record<string, unknown>;
    live.spec.replicas = 5;
    delete (live.spec.template.metadata.annotations as Record<string, string | undefined>)['note'];
    assert.deepEqual(driftedFields(appliedFieldsOf(deployment), live), ['spec.replicas', 'spec.template.metadata.annotations.note']);
  });

  it('escapes dots in keys so ConfigMap data keys stay one segment', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'app.properties': 'a=1' } };
    const fields = appliedFieldsOf(cm);
    assert.deepEqual(Object.keys(fields), ['data.app\\.properties']);
    assert.deepEqual(driftedFields(fields, { ...cm, data: { 'app.properties': 'a=2' } }), ['data.app\\.properties']);
  });
});
