import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rawRequest, startHarness, type Harness } from '../test-support/sim-harness.js';

const labelled = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'appmanager' } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1' }] } },
  },
  status: { replicas: 1, readyReplicas: 1 },
};

describe('seeding clusters through the admin API', () => {
  let h: Harness;
  let tokens: string[];
  const admin = (path: string, body: unknown) =>
    rawRequest(h.sim, 'POST', `/admin/v1${path}`, { token: h.sim.adminToken, body: JSON.stringify(body), contentType: 'application/json' });
  const listDeployments = (cluster: string, token: string, query = '') =>
    rawRequest(h.sim, 'GET', `/clusters/${cluster}/apis/apps/v1/namespaces/shop/deployments${query}`, { token });

  before(async () => {
    h = await startHarness();
    const seeded = await admin('/seed', { prefix: 'fleet', count: 3, objects: [labelled], tokens: true });
    assert.equal(seeded.status, 201);
    assert.equal(seeded.json.created, 3);
    tokens = seeded.json.tokens as string[];
  });
  after(() => h.close());

  it('answers each seeded cluster its own token and lists the seeded objects without materialising it', async () => {
    assert.equal(tokens.length, 3);
    const listed = await listDeployments(
      'fleet-2',
      tokens[1]!,
      '?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dappmanager&resourceVersion=0',
    );
    assert.equal(listed.status, 200);
    const items = listed.json.items as { metadata: { name: string; resourceVersion: string }; status: { readyReplicas: number } }[];
    assert.deepEqual(
      items.map((i) => i.metadata.name),
      ['web'],
    );
    assert.equal(items[0]!.status.readyReplicas, 1);
    assert.equal(h.sim.registry.isMaterialised('fleet-2'), false);
    const wrong = await listDeployments('fleet-2', tokens[0]!);
    assert.equal(wrong.status, 401);
  });

  it('materialises a seeded cluster on a write, keeping its objects and changing only that cluster', async () => {
    const patched = await rawRequest(h.sim, 'PATCH', '/clusters/fleet-1/apis/apps/v1/namespaces/shop/deployments/web', {
      token: tokens[0]!,
      body: JSON.stringify({ spec: { replicas: 2 } }),
      contentType: 'application/merge-patch+json',
    });
    assert.equal(patched.status, 200);
    assert.equal(h.sim.registry.isMaterialised('fleet-1'), true);
    const changed = await listDeployments('fleet-1', tokens[0]!);
    const untouched = await listDeployments('fleet-3', tokens[2]!);
    const replicas = (r: typeof changed) => (r.json.items as { spec: { replicas: number } }[]).map((i) => i.spec.replicas);
    assert.deepEqual(replicas(changed), [2]);
    assert.deepEqual(replicas(untouched), [1]);
  });

  it('refuses kinds it cannot seed', async () => {
    const refused = await admin('/seed', {
      prefix: 'odd',
      count: 1,
      objects: [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }],
    });
    assert.equal(refused.status, 400);
    assert.equal(h.sim.registry.has('odd-1'), false);
  });
});
