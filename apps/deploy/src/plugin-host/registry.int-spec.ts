import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startClusterSim, type ClusterSim } from '@appmanager/kube-sim';
import { type RunningService } from '@appmanager/service-host';
import {
  createTestDatabase,
  eventually,
  freePort,
  startNatsServer,
  startS3Server,
  type PrivateNatsServer,
  type PrivateS3Server,
  type TestDatabase,
} from '@appmanager/testing';
import pg from 'pg';
import { adminRequest as request } from '@appmanager/testing';
import { DeployModule } from '../deploy.module.js';
import { launch, nextDeploymentState } from '../testing/deploy-harness.js';
import { registerSimEnvironment } from '../testing/environment.fixture.js';
import { aBannerPlugin, startRegistryProcess, type RegistryProcess } from '../testing/registry-process.js';
import { startDeployForTest, testSecretsKey } from '../testing/test-service.js';

const BANNER = 'banner.test.appmanager.io';

/** `news`: a microservice and, when asked, a `banner` component from a plug-in uploaded during the test; `steps` replace the default workflow. */
function news(options: { banner?: boolean; steps?: unknown[] } = {}) {
  return {
    apiVersion: 'appmanager.io/v1',
    kind: 'Application',
    metadata: { name: 'news' },
    spec: {
      target: { cluster: 'sim-1', namespace: 'shop', stage: 'dev' },
      components: [
        { name: 'web', type: 'microservice', properties: { image: 'news/web:1.0', ports: [{ containerPort: 8080 }] } },
        ...(options.banner ? [{ name: 'banner', type: 'banner', properties: { message: 'hello' } }] : []),
      ],
      ...(options.steps ? { workflow: { steps: options.steps } } : {}),
    },
  };
}

describe('plug-in definitions from the plug-in registry', () => {
  let nats: PrivateNatsServer;
  let deployDb: TestDatabase;
  let registryDb: TestDatabase;
  let s3: PrivateS3Server;
  let sim: ClusterSim;
  let registry: RegistryProcess;
  let service: RunningService;
  let client: NatsConnection;
  const logs: string[] = [];
  // one key for every deploy instance of the test, so a restarted one reads the cluster credentials
  const secretsKey = testSecretsKey();

  before(async () => {
    [nats, deployDb, registryDb, s3, sim] = await Promise.all([
      startNatsServer(),
      createTestDatabase('deploy-registry'),
      createTestDatabase('deploy-registry-plugins'),
      startS3Server(),
      startClusterSim({ log: () => undefined, podReadyDelayMs: 200 }),
    ]);
    sim.createCluster('sim-1');
    registry = await startRegistryProcess(registryEnv());
    service = await startDeploy();
    await registerSimEnvironment(service.url, sim, 'sim-1');
    client = await connect({ servers: nats.url });
  });

  after(async () => {
    await client?.close();
    await service?.close();
    await registry?.stop();
    await sim?.close();
    await s3?.stop();
    await nats?.stop();
    await registryDb?.drop();
    await deployDb?.drop();
  });

  const startDeploy = async () =>
    startDeployForTest(
      DeployModule,
      {
        NATS_URL: nats.url,
        DATABASE_URL: deployDb.url,
        HTTP_PORT: String(await freePort()),
        PLUGIN_REGISTRY_URL: registry.url,
        DEPLOY_CLAIM_INTERVAL_MS: '200',
        DEPLOY_READY_TIMEOUT_MS: '20000',
        DEPLOY_SECRETS_KEY: secretsKey,
      },
      logs,
    );
  const recordedRows = async (deploymentId: string): Promise<string[]> => {
    const db = new pg.Client({ connectionString: deployDb.url });
    await db.connect();
    try {
      const { rows } = await db.query(
        'SELECT plugin_name, plugin_version FROM deploy.deployment_plugin_usage WHERE deployment_id = $1 ORDER BY 1, 2',
        [deploymentId],
      );
      return rows.map((r: { plugin_name: string; plugin_version: string }) => `${r.plugin_name}@${r.plugin_version}`);
    } finally {
      await db.end();
    }
  };
  const registryEnv = () => ({ NATS_URL: nats.url, DATABASE_URL: registryDb.url, S3_PORT: s3.port, S3_BUCKET: 'deploy-plugins' });
  const plan = (configuration: unknown) => request(service.url).post('/v1/deployments:plan').send({ configuration });
  const providerOf = (body: { nodes: { id: string; provider?: string }[] }, id: string) => body.nodes.find((n) => n.id === id)?.provider;
  const upload = (archive: Buffer) => request(registry.url).post('/v1/plugins').attach('file', archive, 'plugin.tgz');
  const usages = async (name: string, version: string): Promise<string[]> =>
    (await request(registry.url).get(`/v1/plugins/${name}/${version}/usages`).expect(200)).body.consumers;
  const kube = (path: string) =>
    request(sim.serverOf('sim-1'))
      .get(path)
      .set('Authorization', `Bearer ${sim.registry.tokenOf('sim-1')}`)
      .ca(sim.caPem ?? '');

  async function deploy(configuration: unknown): Promise<string> {
    const succeeded = nextDeploymentState(client, { to: 'SUCCESS', appId: 'news' });
    const id = await launch(service.url, 'news', configuration);
    assert.equal((await succeeded).body.data.deploymentId, id);
    return id;
  }

  it('deploys a microservice whose definition the registry resolves', async () => {
    const planned = await plan(news()).expect(200);
    assert.equal(providerOf(planned.body, 'microservice|web'), 'core-components.appmanager.io@1.2.0');

    const id = await deploy(news());
    const web = (await kube('/apis/apps/v1/namespaces/shop/deployments/dev-news-web').expect(200)).body;
    assert.equal(web.spec.template.spec.containers[0].image, 'news/web:1.0');
    assert.equal(web.metadata.labels['appmanager.io/deployment'], id);
  });

  it('plans an application whose deploy step names a policy, every plug-in from the registry, and records no use of any', async () => {
    const app = news({ steps: [{ type: 'deploy', name: 'to-dev', properties: { policies: ['bigger'] } }] });
    (app.spec as Record<string, unknown>)['policies'] = [
      { type: 'override', name: 'bigger', properties: { components: [{ name: 'web', properties: { replicas: 4 } }] } },
    ];
    const planned = await plan(app).expect(200);
    assert.equal(planned.body.deploySteps[0].step, 'to-dev');
    assert.deepEqual(planned.body.deploySteps[0].policies, ['bigger']);
    const web = planned.body.nodes.find((n: { id: string }) => n.id === 'microservice|web');
    assert.equal(web.manifests[0].spec.replicas, 4, 'the policy from the registry rewrote what the plan renders');
    const policies = (await request(registry.url).get('/v1/plugins?limit=100').expect(200)).body.items.find(
      (p: { name: string }) => p.name === 'core-policies.appmanager.io',
    );
    assert.deepEqual(await usages(policies.name, policies.version), [], 'a plan deploys nothing, so it uses no plug-in version');
  });

  it('uses plug-in versions uploaded after deploy started, without a restart', async () => {
    const unknown = await plan(news({ banner: true })).expect(422);
    assert.match(JSON.stringify(unknown.body.issues), /unknown Component type \\"banner\\"/);

    await upload((await aBannerPlugin('1.0.0')).archive).expect(201);
    await eventually(async () => ((await plan(news({ banner: true }))).status === 200 ? true : undefined));
    await deploy(news({ banner: true }));
    assert.equal((await kube('/api/v1/namespaces/shop/configmaps/news-banner').expect(200)).body.data.version, '1.0.0');

    await upload((await aBannerPlugin('1.1.0')).archive).expect(201);
    // the installed event drops the cached 1.0.0 answer
    await eventually(async () =>
      providerOf((await plan(news({ banner: true })).expect(200)).body, 'banner|banner') === `${BANNER}@1.1.0` ? true : undefined,
    );
    await deploy(news({ banner: true }));
    assert.equal((await kube('/api/v1/namespaces/shop/configmaps/news-banner').expect(200)).body.data.version, '1.1.0');
  });

  it('keeps the registry from deleting a version a deployment still uses, until the deployment is final', async () => {
    const suspended = nextDeploymentState(client, { to: 'SUSPENDED', appId: 'news' });
    const id = await launch(
      service.url,
      'news',
      news({
        banner: true,
        steps: [
          { type: 'deploy', name: 'ship' },
          { type: 'suspend', name: 'hold' },
        ],
      }),
    );
    await suspended;
    assert.ok((await usages(BANNER, '1.1.0')).includes(`deploy:deployment/${id}`));
    const refused = await request(registry.url).delete(`/v1/plugins/${BANNER}/1.1.0`).expect(409);
    assert.match(refused.body.message, /deploy:deployment/);

    const succeeded = nextDeploymentState(client, { to: 'SUCCESS', deploymentId: id });
    await request(service.url).post(`/v1/deployments/${id}/resume`).send({}).expect(202);
    await succeeded;
    await eventually(async () => ((await usages(BANNER, '1.1.0')).length === 0 ? true : undefined));
    await request(registry.url)
      .delete(`/v1/plugins/${BANNER}/1.1.0`)
      .expect((response) => assert.ok(response.status < 300, `delete answered ${response.status}`));
  });

  it('releases the usages a deployment recorded when another deploy instance finishes it', async () => {
    // 1.1.0 was deleted above: banner resolves to 1.0.0 again
    await eventually(async () =>
      providerOf((await plan(news({ banner: true })).expect(200)).body, 'banner|banner') === `${BANNER}@1.0.0` ? true : undefined,
    );
    const suspended = nextDeploymentState(client, { to: 'SUSPENDED', appId: 'news' });
    const id = await launch(
      service.url,
      'news',
      news({
        banner: true,
        steps: [
          { type: 'deploy', name: 'ship' },
          { type: 'suspend', name: 'hold' },
        ],
      }),
    );
    await suspended;
    assert.ok((await usages(BANNER, '1.0.0')).includes(`deploy:deployment/${id}`));
    assert.ok((await recordedRows(id)).includes(`${BANNER}@1.0.0`), 'the recorded version is persisted with the deployment');

    // the instance that recorded the usage goes away; a fresh one, knowing nothing of it in memory, finishes the deployment
    await service.close();
    service = await startDeploy();
    const succeeded = nextDeploymentState(client, { to: 'SUCCESS', deploymentId: id });
    await request(service.url).post(`/v1/deployments/${id}/resume`).send({}).expect(202);
    await succeeded;
    await eventually(async () => (!(await usages(BANNER, '1.0.0')).includes(`deploy:deployment/${id}`) ? true : undefined));
    await eventually(async () => ((await recordedRows(id)).length === 0 ? true : undefined));
  });

  it('releases the plug-in usages of a deployment that waits for an operator once it is undeployed', async () => {
    const broken = news();
    (broken.spec.components[0] as { properties: Record<string, unknown> }).properties['image'] = 'news/web:does-not-exist';
    const waiting = nextDeploymentState(client, { to: 'WAIT_FOR_OP', appId: 'news' });
    const id = await launch(service.url, 'news', broken);
    await waiting;
    const components = (await request(registry.url).get('/v1/plugins?limit=100').expect(200)).body.items.find(
      (p: { name: string }) => p.name === 'core-components.appmanager.io',
    );
    assert.ok(
      (await usages(components.name, components.version)).includes(`deploy:deployment/${id}`),
      'WAIT_FOR_OP may be retried, so it keeps its usage',
    );
    const undeployed = nextDeploymentState(client, { to: 'SUCCESS', appId: 'news' });
    const accepted = await request(service.url).delete('/v1/applications/news/instances/dev').expect(202);
    assert.equal((await undeployed).body.data.deploymentId, accepted.body.id);
    await eventually(async () =>
      !(await usages(components.name, components.version)).includes(`deploy:deployment/${id}`) ? true : undefined,
    );
    await kube('/apis/apps/v1/namespaces/shop/deployments/dev-news-web').expect(404);
  });

  it('refuses a deployment of a disabled plug-in with a reason naming the plug-in', async () => {
    await eventually(async () =>
      providerOf((await plan(news({ banner: true })).expect(200)).body, 'banner|banner') === `${BANNER}@1.0.0` ? true : undefined,
    );
    await request(registry.url)
      .post(`/v1/plugins/${BANNER}/1.0.0/disable`)
      .expect((response) => assert.ok(response.status < 300, `disable answered ${response.status}`));

    const refused = await eventually(async () => {
      const response = await plan(news({ banner: true }));
      return response.status === 422 ? response.body : undefined;
    });
    assert.match(JSON.stringify(refused.issues), new RegExp(`plug-in ${BANNER}@1.0.0, which provided it, is disabled or deleted`));

    const launched = await request(service.url)
      .post('/v1/deployments')
      .send({ appId: 'news', configuration: news({ banner: true }) })
      .expect(422);
    assert.match(launched.body.message, new RegExp(`unknown Component type "banner": plug-in ${BANNER}@1.0.0`));
  });

  it('waits for a registry that is not up yet and deploys once it answers', async () => {
    await registry.stop();
    const withTrait = news();
    // a trait no earlier test resolved, so the answer cannot come from the cache
    (withTrait.spec.components[0] as Record<string, unknown>)['traits'] = [
      { type: 'env', runtime: 'pre', properties: { env: { EDITION: 'evening' } } },
    ];
    const unavailable = await plan(withTrait).expect(503);
    assert.match(
      unavailable.body.message,
      /^cannot reach the plug-in registry at .* to resolve Trait "env"/,
      "a plan says the registry is away: neither the caller's fault nor a 500",
    );
    const succeeded = nextDeploymentState(client, { to: 'SUCCESS', appId: 'news' });
    const id = await launch(service.url, 'news', withTrait);
    await eventually(async () =>
      logs.some((line) => line.includes(id) && line.includes('cannot reach the plug-in registry')) ? true : undefined,
    );
    assert.equal((await request(service.url).get(`/v1/deployments/${id}`).expect(200)).body.state, 'PROCESSING');

    registry = await startRegistryProcess(registryEnv(), Number(new URL(registry.url).port));
    assert.equal((await succeeded).body.data.deploymentId, id);
    const web = (await kube('/apis/apps/v1/namespaces/shop/deployments/dev-news-web').expect(200)).body;
    assert.deepEqual(web.spec.template.spec.containers[0].env, [{ name: 'EDITION', value: 'evening' }]);
  });
});
