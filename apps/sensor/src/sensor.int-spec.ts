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
  checkPermissionMatrix,
} from '@appmanager/testing';
import { startService, type RunningService } from '@appmanager/service-host';
import { adminRequest as request } from '@appmanager/testing';
import { sensorService } from './sensor.service.js';

describe('sensor service', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let service: RunningService;
  let client: NatsConnection;
  const logs: Record<string, unknown>[] = [];

  before(async () => {
    [nats, database] = await Promise.all([startNatsServer(), createTestDatabase('sensor')]);
    service = await startService(sensorService, {
      env: {
        ...testAuthEnv(),
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await freePort()),
        LOG_LEVEL: 'info',
      },
      logDestination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
    });
    client = await connect({ servers: nats.url });
  });

  after(async () => {
    await client?.close();
    await service?.close();
    await nats?.stop();
    await database?.drop();
  });

  /** A plain NATS client publishing a CloudEvent, as deploy (or anyone) would. */
  function publish(type: string, id: string, data: Record<string, unknown>, natsMessageId = id): void {
    const h = headers();
    h.set('Nats-Msg-Id', natsMessageId);
    const envelope = { specversion: '1.0', id, source: 'deploy', type, time: '2026-11-24T20:00:00Z', data };
    client.publish(type, JSON.stringify(envelope), { headers: h });
  }
  const registered = (clusterId: string, unitId: string) => ({
    clusterId,
    unitId,
    name: `${clusterId} in ${unitId}`,
    apiServer: `https://${clusterId}.example:6443`,
  });
  const clusterIds = async (query = '') => {
    const listed = await request(service.url).get(`/v1/clusters${query}`).expect(200);
    return listed.body.items.map((cluster: { clusterId: string }) => cluster.clusterId).join(',');
  };
  const until = (query: string, expected: string) => eventually(async () => ((await clusterIds(query)) === expected ? true : undefined));

  it('answers every route × role (and no token) as the permission matrix says: 401, 403, or past authorisation', async () => {
    const cells = await checkPermissionMatrix(service.url);
    assert.ok(cells.length > 0);
  });

  it('is ready once its sensor schema is migrated', async () => {
    await request(service.url).get('/readyz').expect(200);
  });

  it('knows a registered cluster once, however often the registration arrives, and how to sense it', async () => {
    // c1 as deploy announced clusters before they had a sensing mode: polled
    publish('env.evt.cluster.registered.v1', 'reg-1', registered('c1', 'eu'));
    publish('env.evt.cluster.registered.v1', 'reg-1', registered('c1', 'eu'), 'reg-1-again');
    publish('env.evt.cluster.registered.v1', 'reg-2', { ...registered('c2', 'us'), sensing: 'watch' });
    await until('', 'c1,c2');
    const listed = await request(service.url).get('/v1/clusters').expect(200);
    assert.equal(listed.body.total, 2);
    assert.deepEqual(listed.body.items[0], {
      clusterId: 'c1',
      unitId: 'eu',
      name: 'c1 in eu',
      apiServer: 'https://c1.example:6443',
      sensing: 'poll',
      registeredAt: '2026-11-24T20:00:00.000Z',
    });
    assert.equal(listed.body.items[1].sensing, 'watch');
    assert.equal(await clusterIds('?unitId=us'), 'c2');
  });

  it('forgets a removed cluster, and a repeated removal is harmless', async () => {
    publish('env.evt.cluster.removed.v1', 'rem-1', { clusterId: 'c2', unitId: 'us' });
    publish('env.evt.cluster.removed.v1', 'rem-1', { clusterId: 'c2', unitId: 'us' }, 'rem-1-again');
    await until('', 'c1');
    // a later registration is still heard, so the consumer survived the repeat
    publish('env.evt.cluster.registered.v1', 'reg-3', registered('c3', 'us'));
    await until('?unitId=us', 'c3');
  });

  it('does not bring back a removed cluster when its old registration is delivered again', async () => {
    publish('env.evt.cluster.registered.v1', 'reg-9', registered('c9', 'ap'));
    await until('?unitId=ap', 'c9');
    publish('env.evt.cluster.removed.v1', 'rem-9', { clusterId: 'c9', unitId: 'ap' });
    await until('?unitId=ap', '');
    // the same CloudEvent again under a new Nats-Msg-Id, as a replaying upstream would send it
    publish('env.evt.cluster.registered.v1', 'reg-9', registered('c9', 'ap'), 'reg-9-replayed');
    await eventually(async () =>
      logs.find((line) => line['eventId'] === 'reg-9' && line['msg'] === 'cluster registration already applied; skipped'),
    );
    assert.equal(await clusterIds('?unitId=ap'), '');
  });

  it('refuses a bad query with 422 naming the parameter', async () => {
    const refused = await request(service.url).get('/v1/clusters?limit=abc').expect(422);
    assert.match(refused.body.message, /^limit: /);
  });
});
