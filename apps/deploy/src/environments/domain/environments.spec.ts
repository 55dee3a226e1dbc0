import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkId, clusterView, type Cluster } from './environment.model.js';
import { dnsLabel, ownerLabels, resourceName, stampOwnership } from './resource-naming.js';
import { resolveTarget, type EnvironmentCatalog } from './target-resolution.js';

const cluster: Cluster = {
  id: 'c1',
  unitId: 'eu',
  name: 'prod eu',
  apiEndpoint: 'https://10.0.0.1:6443',
  sensing: 'poll',
  caCertificate: '-----BEGIN CERTIFICATE-----',
  credentials: { kind: 'token', token: 'secret-token' },
};
const catalog: EnvironmentCatalog = {
  units: [{ id: 'eu', name: 'EU', description: '' }],
  clusters: [cluster],
  namespaces: [{ id: 'shop-ns', clusterId: 'c1', name: 'shop' }],
  stages: [
    { id: 'dev', namespaceId: 'shop-ns', name: 'dev' },
    { id: 'qa', namespaceId: 'shop-ns', name: 'qa' },
  ],
};

describe(resourceName.name, () => {
  it('gives two stages of one app in one namespace different names, and stays a DNS label when long', () => {
    assert.equal(resourceName({ stage: 'dev', appId: 'shop', componentName: 'backend' }), 'dev-shop-backend');
    assert.equal(resourceName({ stage: 'qa', appId: 'shop', componentName: 'backend' }), 'qa-shop-backend');
    const long = dnsLabel(`dev-${'x'.repeat(80)}-backend`);
    assert.ok(long.length <= 63 && /^[a-z0-9-]+[a-z0-9]$/.test(long), long);
    assert.notEqual(dnsLabel(`a-${'x'.repeat(80)}-1`), dnsLabel(`a-${'x'.repeat(80)}-2`));
  });
});

describe(stampOwnership.name, () => {
  it('labels every object and its pod template with app, component, stage and deployment, keeping selector labels', () => {
    const [deployment] = stampOwnership(
      [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'dev-shop-backend', labels: { team: 'a' } },
          spec: { template: { metadata: { labels: { app: 'b', 'appmanager.io/component': 'shop-backend' } } } },
        },
      ],
      { appId: 'shop', componentName: 'backend', stage: 'dev', deploymentId: 'd-1' },
    );
    assert.deepEqual(deployment?.metadata.labels, {
      team: 'a',
      ...ownerLabels({ appId: 'shop', componentName: 'backend', stage: 'dev', deploymentId: 'd-1' }),
    });
    assert.deepEqual((deployment?.['spec'] as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels, {
      app: 'b',
      'app.kubernetes.io/managed-by': 'appmanager',
      'appmanager.io/app': 'shop',
      'appmanager.io/component': 'shop-backend',
      'appmanager.io/stage': 'dev',
    });
  });
});

describe(resolveTarget.name, () => {
  it('resolves a target by ids or names', () => {
    const resolved = resolveTarget({ cluster: 'c1', namespace: 'shop', stage: 'qa' }, catalog, 'target');
    assert.ok(!Array.isArray(resolved));
    assert.deepEqual([resolved.unit.id, resolved.namespace.id, resolved.stage?.id], ['eu', 'shop-ns', 'qa']);
  });

  it('names every part of the target that does not exist', () => {
    assert.deepEqual(resolveTarget({ cluster: 'c9', namespace: 'shop' }, catalog, 'target'), [
      { path: 'target.cluster', problem: 'cluster "c9" does not exist' },
    ]);
    assert.deepEqual(resolveTarget({ unit: 'us', cluster: 'c1', namespace: 'web', stage: 'dev' }, catalog, 'target'), [
      { path: 'target.unit', problem: 'cluster "c1" belongs to unit "eu", not "us"' },
      { path: 'target.namespace', problem: 'namespace "web" does not exist in cluster "c1"' },
    ]);
  });
});

describe(clusterView.name, () => {
  it('never shows the credentials or the CA', () => {
    const view = clusterView(cluster);
    assert.ok(!JSON.stringify(view).includes('secret-token'));
    assert.deepEqual([view.credentialKind, view.hasCaCertificate], ['token', true]);
    assert.equal(checkId('Prod_EU'), 'lower-case letters, digits and "-", starting and ending with a letter or digit');
  });
});
