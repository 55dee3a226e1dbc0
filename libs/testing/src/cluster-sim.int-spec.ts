import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startClusterSimProcess, type SimulatedClusters } from './index.js';

describe('simulated clusters for tests', () => {
  let sim: SimulatedClusters;

  before(async () => {
    sim = await startClusterSimProcess({ clusters: 1 });
  });

  after(async () => {
    await sim?.stop();
  });

  function coreApi(kubeconfig: string): CoreV1Api {
    const config = new KubeConfig();
    config.loadFromString(kubeconfig);
    return config.makeApiClient(CoreV1Api);
  }

  it('serves a cluster created at start to the official client over HTTPS', async () => {
    const namespaces = await coreApi(await sim.kubeconfig('sim-1')).listNamespace();
    assert.ok(namespaces.items.some((ns) => ns.metadata?.name === 'default'));
  });

  it('adds a cluster whose objects are its own', async () => {
    const api = coreApi(await sim.createCluster('extra'));
    await api.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'only-here' }, data: { a: '1' } } });
    const elsewhere = await coreApi(await sim.kubeconfig('sim-1')).listNamespacedConfigMap({ namespace: 'default' });
    assert.equal(
      elsewhere.items.some((cm) => cm.metadata?.name === 'only-here'),
      false,
    );
  });

  it('injects faults through the admin API', async () => {
    const api = coreApi(await sim.kubeconfig('sim-1'));
    await sim.addFault({ clusters: ['sim-1'], error: { code: 503 } });
    await assert.rejects(api.listNamespace(), (error: { code?: number }) => error.code === 503);
    await sim.clearFaults();
    assert.ok((await api.listNamespace()).items.length > 0);
  });
});
