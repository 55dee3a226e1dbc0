import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { type NatsConnection } from '@nats-io/transport-node';
import { type ClusterSim } from '@appmanager/kube-sim';
import { type RunningService } from '@appmanager/service-host';
import { adminRequest as request } from '@appmanager/testing';
import { graphOf, launch, nextDeploymentState } from '../../testing/deploy-harness.js';
import { addonStandIn } from '../../testing/addon-stand-in.js';
import { registerSimEnvironment } from '../../testing/environment.fixture.js';
import { startDeployTestBed, type DeployTestBed } from '../../testing/deploy-test-bed.js';

/** The issue's three-tier application: a database stand-in feeds a backend, whose URL feeds a frontend; a worker is independent. */
function threeTier(backendImage = 'shop/backend:1.0') {
  return {
    apiVersion: 'appmanager.io/v1',
    kind: 'Application',
    metadata: { name: 'shop' },
    spec: {
      target: { cluster: 'sim-1', namespace: 'shop', stage: 'dev' },
      components: [
        {
          name: 'db',
          type: 'microservice',
          properties: { image: 'postgres:16', ports: [{ containerPort: 5432 }] },
          outputs: [{ name: 'db.host', from: '{{ metadata.name }}' }],
        },
        {
          name: 'backend',
          type: 'microservice',
          properties: { image: backendImage, ports: [{ containerPort: 8080 }] },
          inputs: [{ from: 'db.host', to: ['properties.env.DB_HOST'] }],
          outputs: [{ name: 'backend.url', from: 'http://{{ metadata.name }}:8080' }],
        },
        {
          name: 'frontend',
          type: 'microservice',
          properties: { image: 'shop/frontend:1.0' },
          inputs: [{ from: 'backend.url', to: ['properties.env.BACKEND_URL'] }],
        },
        {
          name: 'worker',
          type: 'microservice',
          properties: { image: 'shop/worker:1.0', replicas: 2 },
          traits: [
            { type: 'env', runtime: 'pre', properties: { env: { QUEUE: 'orders' } } },
            { type: 'service', runtime: 'post', properties: { ports: [{ port: 9090 }] } },
          ],
        },
      ],
    },
  };
}

describe('deploying the three-tier application onto cluster-sim', () => {
  let sim: ClusterSim;
  let service: RunningService;
  let client: NatsConnection;

  let bed: DeployTestBed;

  before(async () => {
    bed = await startDeployTestBed({
      label: 'deploy-e2e',
      podReadyDelayMs: 300,
      env: { DEPLOY_CLAIM_INTERVAL_MS: '200', DEPLOY_READY_TIMEOUT_MS: '20000' },
    });
    ({ sim, service, client } = bed);
  });

  after(() => bed?.close());

  const kube = (path: string) =>
    request(sim.serverOf('sim-1'))
      .get(path)
      .set('Authorization', `Bearer ${sim.registry.tokenOf('sim-1')}`)
      .ca(sim.caPem ?? '')
      .expect(200);

  it('deploys in dependency order, the independent parts in parallel, passing data along toFieldPaths', async () => {
    const succeeded = nextDeploymentState(client, { to: 'SUCCESS', appId: 'shop' });
    const id = await launch(service.url, 'shop', threeTier());
    assert.equal((await succeeded).body.data.deploymentId, id);

    const shown = await request(service.url).get(`/v1/deployments/${id}`).expect(200);
    assert.equal(shown.body.state, 'SUCCESS');
    assert.deepEqual(
      shown.body.nodes.map((n: { id: string; state: string }) => `${n.id}=${n.state}`),
      [
        'microservice|db=SUCCESS',
        'microservice|backend=SUCCESS',
        'microservice|frontend=SUCCESS',
        'microservice|worker#env=SUCCESS',
        'microservice|worker=SUCCESS',
        'microservice|worker#service=SUCCESS',
      ],
    );
    const graph = await graphOf(service.url, id);
    const node = (name: string) => graph.nodes.find((n) => n.id === `microservice|${name}`) as { startedAt: string; finishedAt: string };
    const t = (iso: string) => Date.parse(iso);
    assert.ok(t(node('backend').startedAt) >= t(node('db').finishedAt), 'backend starts after the db it reads is ready');
    assert.ok(t(node('frontend').startedAt) >= t(node('backend').finishedAt), 'frontend starts after the backend');
    assert.ok(t(node('worker#env').startedAt) < t(node('db').finishedAt), 'the worker chain runs alongside the db, not after it');
    assert.ok(t(node('worker').startedAt) >= t(node('worker#env').finishedAt), 'a pre-trait runs before its component');
    assert.ok(t(node('worker#service').startedAt) >= t(node('worker').finishedAt), 'a post-trait runs after its component');

    const worker = (await kube('/apis/apps/v1/namespaces/shop/deployments/dev-shop-worker')).body;
    assert.deepEqual(worker.spec.template.spec.containers[0].env, [{ name: 'QUEUE', value: 'orders' }]);
    const workerService = (await kube('/api/v1/namespaces/shop/services/dev-shop-worker')).body;
    assert.equal(workerService.spec.ports[0].port, 9090);

    const backend = (await kube('/apis/apps/v1/namespaces/shop/deployments/dev-shop-backend')).body;
    assert.deepEqual(backend.spec.template.spec.containers[0].env, [{ name: 'DB_HOST', value: 'dev-shop-db' }]);
    assert.deepEqual(
      [
        backend.metadata.labels['appmanager.io/app'],
        backend.metadata.labels['appmanager.io/component'],
        backend.metadata.labels['appmanager.io/stage'],
        backend.metadata.labels['appmanager.io/deployment'],
      ],
      ['shop', 'backend', 'dev', id],
    );
    const frontend = (await kube('/apis/apps/v1/namespaces/shop/deployments/dev-shop-frontend')).body;
    assert.deepEqual(frontend.spec.template.spec.containers[0].env, [{ name: 'BACKEND_URL', value: 'http://dev-shop-backend:8080' }]);

    const dir = mkdtempSync(join(tmpdir(), 'deploy-kubectl-'));
    try {
      writeFileSync(join(dir, 'kubeconfig'), sim.kubeconfig('sim-1'));
      const { stdout } = await promisify(execFile)(
        'kubectl',
        [
          '--kubeconfig',
          join(dir, 'kubeconfig'),
          '--cache-dir',
          join(dir, 'cache'),
          'get',
          'deployments',
          '-n',
          'shop',
          '-l',
          'appmanager.io/app=shop,appmanager.io/stage=dev',
          '-o',
          'name',
        ],
        { timeout: 60_000 },
      );
      assert.deepEqual(stdout.trim().split('\n').sort(), [
        'deployment.apps/dev-shop-backend',
        'deployment.apps/dev-shop-db',
        'deployment.apps/dev-shop-frontend',
        'deployment.apps/dev-shop-worker',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('waits for an operator with the reason when an image cannot be pulled, and finishes after a fix and retry', async () => {
    const waiting = nextDeploymentState(client, { to: 'WAIT_FOR_OP', appId: 'shop-broken' });
    const broken = { ...threeTier('shop/backend:does-not-exist'), metadata: { name: 'shop-broken' } };
    const id = await launch(service.url, 'shop-broken', broken);
    const reason = (await waiting).body.data.reason ?? '';
    assert.match(reason, /backend: .*ImagePullBackOff|backend: .*ErrImagePull/);
    assert.match(reason, /shop\/backend:does-not-exist/);
    const stuck = await graphOf(service.url, id);
    assert.deepEqual(Object.fromEntries(stuck.nodes.map((n) => [n.id, n.state])), {
      'microservice|db': 'SUCCESS',
      'microservice|backend': 'WAIT_FOR_OP',
      'microservice|frontend': 'CREATED',
      'microservice|worker#env': 'SUCCESS',
      'microservice|worker': 'SUCCESS',
      'microservice|worker#service': 'SUCCESS',
    });

    const badFix = { ...threeTier('shop/backend:1.1'), metadata: { name: 'shop-broken' } };
    (badFix.spec.components[1] as Record<string, unknown>)['properties'] = { image: 'shop/backend:1.1', replicas: -1 };
    const refused = await request(service.url).post(`/v1/deployments/${id}/retry`).send({ configuration: badFix }).expect(422);
    assert.deepEqual(refused.body.issues, [{ path: 'spec.components[1].properties.replicas', message: 'must be >= 0' }]);

    const succeeded = nextDeploymentState(client, { to: 'SUCCESS', deploymentId: id });
    await request(service.url)
      .post(`/v1/deployments/${id}/retry`)
      .send({ configuration: { ...threeTier('shop/backend:1.1'), metadata: { name: 'shop-broken' } } })
      .expect(202);
    await succeeded;
    const backend = (await kube('/apis/apps/v1/namespaces/shop/deployments/dev-shop-broken-backend')).body;
    assert.equal(backend.spec.template.spec.containers[0].image, 'shop/backend:1.1');
    const history = (await graphOf(service.url, id)).history.filter((h) => h.subject === 'deployment').map((h) => `${h.from}->${h.to}`);
    assert.deepEqual(history, [
      'CREATED->PROCESSING',
      'PROCESSING->RUNNING',
      'RUNNING->WAIT_FOR_OP',
      'WAIT_FOR_OP->RUNNING',
      'RUNNING->SUCCESS',
    ]);
  });

  it('asks the add-on service for an add-on node and waits: the backend gets the host as a value and the password from its Secret', async () => {
    const succeeded = nextDeploymentState(client, { to: 'SUCCESS', appId: 'shop-addon' });
    const standIn = addonStandIn(client, () => ({
      ready: { outputs: { host: 'db.shop.svc', port: 5432 }, secret: { name: 'shop-db-binding', keys: ['password', 'username'] } },
    }));
    const app = threeTier();
    const components = app.spec.components as Record<string, unknown>[];
    components[0] = {
      name: 'db',
      type: 'postgres',
      addon: true,
      properties: { deletionPolicy: 'Orphan' },
      outputs: [
        { name: 'db.host', from: '{{ host }}' },
        { name: 'db.secret', from: '{{ secret.name }}' },
      ],
    };
    components[1] = {
      ...components[1],
      properties: { image: 'shop/backend:1.0', secretEnv: { DB_PASSWORD: { secret: 'set-by-input', key: 'password' } } },
      inputs: [
        { from: 'db.host', to: ['properties.env.DB_HOST'] },
        { from: 'db.secret', to: ['properties.secretEnv.DB_PASSWORD.secret'] },
      ],
    };
    try {
      await launch(service.url, 'shop-addon', { ...app, metadata: { name: 'shop-addon' } });
      await succeeded;
      assert.equal(standIn.commands.length, 1, 'one request for the one add-on node');
      const [command] = standIn.commands;
      assert.deepEqual(
        { type: command?.addonType, name: command?.addonName, ns: command?.namespace, policy: command?.deletionPolicy },
        { type: 'postgres', name: 'db', ns: 'shop', policy: 'Orphan' },
      );
      const backend = (await kube('/apis/apps/v1/namespaces/shop/deployments/dev-shop-addon-backend')).body;
      const env = backend.spec.template.spec.containers[0].env as { name: string; value?: string; valueFrom?: unknown }[];
      assert.deepEqual(env.find((e) => e.name === 'DB_HOST')?.value, 'db.shop.svc');
      assert.deepEqual(
        env.find((e) => e.name === 'DB_PASSWORD'),
        {
          name: 'DB_PASSWORD',
          valueFrom: { secretKeyRef: { name: 'shop-db-binding', key: 'password' } },
        },
      );
    } finally {
      standIn.stop();
    }
  });

  it('fails an add-on node with the reason the add-on service gave; nothing that needs its outputs starts', async () => {
    const failed = nextDeploymentState(client, { to: 'FAILURE', appId: 'shop-noaddon' });
    const standIn = addonStandIn(client, () => ({ failed: 'no Postgres server is configured' }));
    const app = threeTier();
    (app.spec.components as Record<string, unknown>[])[0] = {
      name: 'db',
      type: 'postgres',
      addon: true,
      outputs: [{ name: 'db.host', from: '{{ host }}' }],
    };
    try {
      const id = await launch(service.url, 'shop-noaddon', { ...app, metadata: { name: 'shop-noaddon' } });
      assert.match((await failed).body.data.reason ?? '', /^step "deploy" failed: postgres\|db: .*no Postgres server is configured/);
      const graph = await graphOf(service.url, id);
      assert.equal(graph.nodes.find((n) => n.id === 'postgres|db')?.state, 'FAILURE');
      assert.equal(graph.nodes.find((n) => n.id === 'microservice|backend')?.state, 'CREATED');
    } finally {
      standIn.stop();
    }
  });

  it('places a component on its own scopes: another namespace and stage, another cluster; an unknown cluster is refused at launch', async () => {
    sim.createCluster('sim-2');
    await registerSimEnvironment(service.url, sim, 'sim-2');
    await request(service.url).post('/v1/namespaces').send({ id: 'ops-sim-1', clusterId: 'sim-1', name: 'ops' }).expect(201);
    await request(service.url).post('/v1/stages').send({ id: 'canary-ops-sim-1', namespaceId: 'ops-sim-1', name: 'canary' }).expect(201);
    const spread = (scopes: Record<string, string>) => ({
      apiVersion: 'appmanager.io/v1',
      kind: 'Application',
      metadata: { name: 'spread' },
      spec: {
        target: { cluster: 'sim-1', namespace: 'shop', stage: 'dev' },
        components: [
          { name: 'api', type: 'microservice', properties: { image: 'spread/api:1.0' } },
          { name: 'batch', type: 'microservice', properties: { image: 'spread/batch:1.0' }, scopes: { namespace: 'ops', stage: 'canary' } },
          {
            name: 'edge',
            type: 'microservice',
            properties: { image: 'spread/edge:1.0' },
            traits: [{ type: 'service', runtime: 'post', properties: { ports: [{ port: 80 }] } }],
            scopes,
          },
        ],
      },
    });
    const succeeded = nextDeploymentState(client, { to: 'SUCCESS', appId: 'spread' });
    await launch(service.url, 'spread', spread({ cluster: 'sim-2' }));
    await succeeded;
    const on = (cluster: string, path: string) =>
      request(sim.serverOf(cluster))
        .get(path)
        .set('Authorization', `Bearer ${sim.registry.tokenOf(cluster)}`)
        .ca(sim.caPem ?? '');
    await on('sim-1', '/apis/apps/v1/namespaces/shop/deployments/dev-spread-api').expect(200);
    const batch = await on('sim-1', '/apis/apps/v1/namespaces/ops/deployments/canary-spread-batch').expect(200);
    assert.equal(batch.body.metadata.labels['appmanager.io/stage'], 'canary');
    await on('sim-1', '/apis/apps/v1/namespaces/shop/deployments/dev-spread-batch').expect(404);
    await on('sim-2', '/apis/apps/v1/namespaces/shop/deployments/dev-spread-edge').expect(200);
    await on('sim-2', '/api/v1/namespaces/shop/services/dev-spread-edge').expect(200);
    await on('sim-1', '/apis/apps/v1/namespaces/shop/deployments/dev-spread-edge').expect(404);

    // a scope naming a cluster nobody registered is refused at launch, naming it, and nothing is recorded
    const refused = await request(service.url)
      .post('/v1/deployments')
      .send({ appId: 'spread-mars', configuration: { ...spread({ cluster: 'mars' }), metadata: { name: 'spread-mars' } } })
      .expect(422);
    assert.deepEqual(refused.body.issues, [{ path: 'spec.components[2].scopes.cluster', message: 'cluster "mars" does not exist' }]);
    assert.equal((await request(service.url).get('/v1/deployments?appId=spread-mars').expect(200)).body.total, 0);
  });
});
