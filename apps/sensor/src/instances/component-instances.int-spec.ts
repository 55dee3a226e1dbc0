import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import {
  createTestDatabase,
  eventually,
  freePort,
  startNatsServer,
  type PrivateNatsServer,
  type TestDatabase,
  testAuthEnv,
} from '@appmanager/testing';
import { startService, type RunningService } from '@appmanager/service-host';
import { adminRequest as request } from '@appmanager/testing';
import { sensorService } from '../sensor.service.js';

const hash = (c: string) => c.repeat(64);

/** Builder: deploy's applied event for the component node `helm|web` of shop on prod/eu-1, unless told otherwise. */
function anApplied(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    deploymentId: 'dep-1',
    appId: 'shop',
    step: 'deploy',
    component: 'helm|web',
    node: 'helm|web',
    componentType: 'helm',
    unit: 'eu',
    cluster: 'eu-1',
    namespace: 'shop',
    stage: 'prod',
    version: '1.0.0',
    objects: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', specHash: hash('a') }],
    appliedAt: '2026-11-28T10:00:00Z',
    ...overrides,
  };
}
const ingressTrait = anApplied({
  node: 'helm|web#ingress',
  appliedAt: '2026-11-28T10:00:01Z',
  objects: [{ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web', specHash: hash('b') }],
});
function aRemoved(node: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    undeployId: 'undeploy-1',
    appId: 'shop',
    component: 'helm|web',
    node,
    unit: 'eu',
    cluster: 'eu-1',
    namespace: 'shop',
    stage: 'prod',
    objects: [],
    removedAt: '2026-11-28T12:00:00Z',
    ...overrides,
  };
}

describe("component instances from deploy's inventory events", () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let service: RunningService;
  let client: NatsConnection;

  before(async () => {
    [nats, database] = await Promise.all([startNatsServer(), createTestDatabase('sensor_instances')]);
    service = await startService(sensorService, {
      env: {
        ...testAuthEnv(),
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
        SENSOR_ROLE: 'api',
      },
      logDestination: { write: () => undefined },
    });
    client = await connect({ servers: nats.url });
  });

  after(async () => {
    await client?.close();
    await service?.close();
    await nats?.stop();
    await database?.drop();
  });

  /** A plain NATS client publishing deploy's CloudEvent, as deploy's outbox relay does. */
  function publish(type: string, id: string, data: Record<string, unknown>, natsMessageId = id): void {
    const h = headers();
    h.set('Nats-Msg-Id', natsMessageId);
    client.publish(type, JSON.stringify({ specversion: '1.0', id, source: 'deploy', type, time: '2026-11-28T10:00:00Z', data }), {
      headers: h,
    });
  }
  const applied = (id: string, data: Record<string, unknown>, natsMessageId = id) =>
    publish('deploy.evt.component.applied.v1', id, data, natsMessageId);
  const removed = (id: string, data: Record<string, unknown>) => publish('deploy.evt.component.removed.v1', id, data);

  const list = async (query: string) => (await request(service.url).get(`/v1/component-instances${query}`).expect(200)).body;
  const objectsOf = (instance: { objects: { node: string; kind: string }[] }) =>
    instance.objects
      .map((o) => `${o.node}:${o.kind}`)
      .sort()
      .join(',');

  it('builds one PENDING instance from a component node and its trait, however often an event arrives', async () => {
    applied('ap-1', anApplied());
    applied('ap-2', ingressTrait);
    applied('ap-2', ingressTrait, 'ap-2-redelivered');
    const page = await eventually(async () => {
      const body = await list('?appId=shop');
      return body.items.length === 1 && body.items[0].objects.length === 2 ? body : undefined;
    });
    assert.equal(page.total, 1);
    const { updatedAt, objects, ...instance } = page.items[0];
    assert.deepEqual(instance, {
      appId: 'shop',
      stage: 'prod',
      unit: 'eu',
      cluster: 'eu-1',
      namespace: 'shop',
      component: 'helm|web',
      componentType: 'helm',
      version: '1.0.0',
      status: 'PENDING',
      deploymentId: 'dep-1',
    });
    assert.equal(updatedAt, '2026-11-28T10:00:01.000Z');
    assert.deepEqual(
      objects.find((o: { kind: string }) => o.kind === 'Ingress'),
      {
        node: 'helm|web#ingress',
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        name: 'web',
        specHash: hash('b'),
      },
    );
  });

  it('filters by app, stage and cluster', async () => {
    applied('ap-3', anApplied({ cluster: 'eu-2' }));
    applied('ap-4', anApplied({ stage: 'dev', cluster: 'eu-2' }));
    applied('ap-5', anApplied({ appId: 'blog', stage: undefined }));
    await eventually(async () => ((await list('')).total === 4 ? true : undefined));
    const placements = async (query: string) =>
      (await list(query)).items
        .map((i: { appId: string; stage: string | null; cluster: string }) => `${i.appId}/${i.stage}/${i.cluster}`)
        .join(' ');
    assert.equal(await placements('?appId=shop&stage=prod'), 'shop/prod/eu-1 shop/prod/eu-2');
    assert.equal(await placements('?cluster=eu-2'), 'shop/dev/eu-2 shop/prod/eu-2');
    assert.equal(await placements('?appId=blog'), 'blog/null/eu-1', 'deployed without a stage');
    assert.equal(await placements('?appId=shop&stage=prod&cluster=eu-2&limit=1'), 'shop/prod/eu-2');
  });

  it("takes a removed trait's objects away, then the instance with its component node", async () => {
    removed('rm-1', aRemoved('helm|web#ingress'));
    await eventually(async () => {
      const [instance] = (await list('?appId=shop&stage=prod&cluster=eu-1')).items;
      return objectsOf(instance) === 'helm|web:Deployment' ? true : undefined;
    });
    removed('rm-2', aRemoved('helm|web'));
    await eventually(async () => ((await list('?appId=shop&stage=prod&cluster=eu-1')).total === 0 ? true : undefined));
    assert.equal((await list('?appId=shop')).total, 2, "the other clusters' instances stay");
  });

  it('documents the endpoint and its filters in the OpenAPI document, and refuses a bad query with 422', async () => {
    const document = (await request(service.url).get('/docs-json').expect(200)).body;
    const operation = document.paths['/v1/component-instances'].get;
    const query = operation.parameters.filter((p: { in: string }) => p.in === 'query').map((p: { name: string }) => p.name);
    assert.deepEqual(query.sort(), ['appId', 'cluster', 'limit', 'offset', 'stage']);
    assert.ok(document.components.schemas.ComponentInstanceView.properties.status.enum.includes('PENDING'));
    assert.equal(document.components.schemas.AppliedObjectView.properties.specHash.pattern, '^[0-9a-f]{64}$');
    const refused = await request(service.url).get('/v1/component-instances?limit=0').expect(422);
    assert.match(refused.body.message, /^limit: /);
  });
});
