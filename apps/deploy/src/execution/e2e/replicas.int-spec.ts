import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startClusterSim, type ClusterSim } from '@appmanager/kube-sim';
import { type RunningService } from '@appmanager/service-host';
import { createTestDatabase, freePort, startNatsServer, type PrivateNatsServer, type TestDatabase } from '@appmanager/testing';
import { adminRequest as request } from '@appmanager/testing';
import { launch, nextDeploymentState } from '../../testing/deploy-harness.js';
import { registerSimEnvironment } from '../../testing/environment.fixture.js';
import { startDeployForTest } from '../../testing/test-service.js';
import { DeployModule } from '../../deploy.module.js';

const app = (name: string) => ({
  apiVersion: 'appmanager.io/v1',
  kind: 'Application',
  metadata: { name },
  spec: {
    target: { cluster: 'sim-1', namespace: 'shop', stage: 'dev' },
    components: [{ name: 'api', type: 'microservice', properties: { image: `shop/${name}:1.0` } }],
  },
});

describe('two deploy replicas', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let sim: ClusterSim;
  let client: NatsConnection;
  const replicas: { service: RunningService; logs: string[] }[] = [];

  before(async () => {
    [nats, database, sim] = await Promise.all([
      startNatsServer(),
      createTestDatabase('deploy-replicas'),
      startClusterSim({ log: () => undefined, podReadyDelayMs: 300 }),
    ]);
    sim.createCluster('sim-1');
    for (let i = 0; i < 2; i++) {
      const logs: string[] = [];
      const env = {
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        HTTP_PORT: String(await freePort()),
        DEPLOY_CLAIM_INTERVAL_MS: '100',
        DEPLOY_CLAIM_BATCH: '1',
        LOG_LEVEL: 'info',
        DEPLOY_SECRETS_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
      };
      const service = await startDeployForTest(DeployModule, env, logs);
      replicas.push({ service, logs });
    }
    await registerSimEnvironment(replicas[0]!.service.url, sim, 'sim-1');
    client = await connect({ servers: nats.url });
  });

  after(async () => {
    await client?.close();
    for (const { service } of replicas) await service.close();
    await sim?.close();
    await nats?.stop();
    await database?.drop();
  });

  it('share the deployments without running any of them twice', async () => {
    const names = ['orders', 'billing', 'search', 'profile', 'cart', 'mail'];
    const done = names.map((name) => nextDeploymentState(client, { to: 'SUCCESS', appId: name }, 60_000));
    const ids = await Promise.all(names.map((name, i) => launch(replicas[i % 2]!.service.url, name, app(name))));
    await Promise.all(done);
    const claims = replicas.map(({ logs }) =>
      logs
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l['msg'] === 'claimed a deployment')
        .map((l) => l['deploymentId'] as string),
    );
    for (const id of ids) assert.equal(claims.flat().filter((c) => c === id).length, 1, `deployment ${id} claimed exactly once`);
    assert.ok(
      claims.every((c) => c.length > 0),
      `both replicas took work: ${claims.map((c) => c.length).join(' / ')}`,
    );
  });

  it('lists applications with their history, and replays a deployment as a new one', async () => {
    const url = replicas[1]!.service.url;
    const history = await request(url).get('/v1/applications/orders/deployments').expect(200);
    assert.deepEqual(
      history.body.items.map((d: { state: string }) => d.state),
      ['SUCCESS'],
    );
    const original = history.body.items[0].id as string;
    const succeeded = nextDeploymentState(client, { to: 'SUCCESS', appId: 'orders' }, 30_000);
    const replay = await request(url).post(`/v1/deployments/${original}/replay`).expect(202);
    assert.notEqual(replay.body.id, original);
    assert.equal((await succeeded).body.data.deploymentId, replay.body.id);
    const after_ = await request(url).get('/v1/applications/orders/deployments?state=SUCCESS').expect(200);
    assert.equal(after_.body.total, 2);
    const apps = await request(url).get('/v1/applications').expect(200);
    assert.equal(apps.body.find((a: { appId: string }) => a.appId === 'orders').deployments, 2);
    await request(url).get('/v1/applications/nobody/deployments').expect(404);
  });
});
