import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Module } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { clusterCredentialsRequest } from '@appmanager/contracts';
import { startClusterSim, type ClusterSim } from '@appmanager/kube-sim';
import { type RunningService } from '@appmanager/service-host';
import { createTestDatabase, freePort, nextMessage, startNatsServer, type PrivateNatsServer, type TestDatabase } from '@appmanager/testing';
import pg from 'pg';
import { adminRequest as request } from '@appmanager/testing';
import { startDeployForTest } from '../testing/test-service.js';
import { EnvironmentsModule } from './environments.module.js';

@Module({ imports: [EnvironmentsModule] })
class EnvironmentsTestRoot {}

describe('environments API', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let sim: ClusterSim;
  let service: RunningService;
  let client: NatsConnection;
  const logs: string[] = [];

  before(async () => {
    [nats, database, sim] = await Promise.all([
      startNatsServer(),
      createTestDatabase('deploy-env'),
      startClusterSim({ log: () => undefined }),
    ]);
    sim.createCluster('prod-1');
    service = await startDeployForTest(
      EnvironmentsTestRoot,
      { NATS_URL: nats.url, DATABASE_URL: database.url, HTTP_PORT: String(await freePort()), LOG_LEVEL: 'info' },
      logs,
    );
    client = await connect({ servers: nats.url });
  });

  after(async () => {
    await client?.close();
    await service?.close();
    await sim?.close();
    await nats?.stop();
    await database?.drop();
  });

  const token = () => sim.registry.tokenOf('prod-1');
  const prodCluster = () => ({
    id: 'prod-1',
    unitId: 'eu',
    name: 'prod EU 1',
    apiEndpoint: sim.serverOf('prod-1'),
    caCertificate: sim.caPem,
    credentials: { kind: 'token', token: token() },
  });

  it('registers a reachable cluster, announces it, and never shows or stores its token in clear', async () => {
    await request(service.url).post('/v1/units').send({ id: 'eu', name: 'Europe' }).expect(201);
    const announced = nextMessage<{ data: Record<string, string> }>(client, 'env.evt.cluster.registered.v1');
    const registered = await request(service.url).post('/v1/clusters').send(prodCluster()).expect(201);
    assert.equal(registered.body.credentialKind, 'token');
    assert.match(registered.body.version, /^v\d+\.\d+/);
    assert.deepEqual((await announced).body.data, {
      clusterId: 'prod-1',
      unitId: 'eu',
      name: 'prod EU 1',
      apiServer: sim.serverOf('prod-1'),
      sensing: 'poll',
    });
    assert.equal(registered.body.sensing, 'poll');

    const listed = await request(service.url).get('/v1/clusters').expect(200);
    const shown = await request(service.url).get('/v1/clusters/prod-1').expect(200);
    for (const body of [registered.text, listed.text, shown.text, logs.join('\n')]) {
      assert.ok(!body.includes(token()), 'the token never leaves the service');
      assert.ok(!body.includes('BEGIN CERTIFICATE'), 'nor the CA');
    }
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const { rows } = await db.query('SELECT ca_sealed, credentials_sealed FROM deploy.cluster');
    await db.end();
    assert.ok(rows[0].credentials_sealed.startsWith('v2.default.') && !rows[0].credentials_sealed.includes(token()));
  });

  it('refuses an unreachable cluster, an unknown unit and a bad id with a 422 naming the field', async () => {
    const closed = `https://127.0.0.1:${await freePort()}`;
    const unreachable = await request(service.url)
      .post('/v1/clusters')
      .send({ ...prodCluster(), id: 'dead', apiEndpoint: closed })
      .expect(422);
    assert.match(unreachable.body.message, new RegExp(`^apiEndpoint: cluster API at ${closed} is not reachable: ECONNREFUSED`));
    const wrongToken = await request(service.url)
      .post('/v1/clusters')
      .send({ ...prodCluster(), id: 'bad-token', credentials: { kind: 'token', token: 'nope' } })
      .expect(422);
    assert.match(wrongToken.body.message, /credentials were refused \(HTTP 401\)/);
    const noUnit = await request(service.url)
      .post('/v1/clusters')
      .send({ ...prodCluster(), id: 'x', unitId: 'us' })
      .expect(422);
    assert.equal(noUnit.body.message, 'unitId: unit "us" does not exist');
    const badId = await request(service.url).post('/v1/units').send({ id: 'Prod_EU', name: 'x' }).expect(422);
    assert.match(badId.body.message, /^id: lower-case letters/);
  });

  it('keeps namespaces and stages under their parents and refuses removing a parent with children', async () => {
    await request(service.url).post('/v1/namespaces').send({ id: 'shop-prod-1', clusterId: 'prod-1', name: 'shop' }).expect(201);
    await request(service.url).post('/v1/stages').send({ id: 'dev', namespaceId: 'shop-prod-1', name: 'dev' }).expect(201);
    await request(service.url).post('/v1/stages').send({ id: 'qa', namespaceId: 'shop-prod-1', name: 'qa' }).expect(201);
    const duplicate = await request(service.url).post('/v1/stages').send({ id: 'qa2', namespaceId: 'shop-prod-1', name: 'qa' }).expect(409);
    assert.match(duplicate.body.message, /already exists/);
    const orphan = await request(service.url).post('/v1/namespaces').send({ id: 'x', clusterId: 'nope', name: 'x' }).expect(422);
    assert.equal(orphan.body.message, 'clusterId: cluster "nope" does not exist');
    const stages = await request(service.url).get('/v1/stages?namespaceId=shop-prod-1').expect(200);
    assert.deepEqual(
      stages.body.map((s: { id: string }) => s.id),
      ['dev', 'qa'],
    );
    await request(service.url).delete('/v1/namespaces/shop-prod-1').expect(409);
  });

  it('switches a cluster from polling to watching and announces it', async () => {
    const announced = nextMessage<{ data: Record<string, string> }>(client, 'env.evt.cluster.registered.v1');
    const updated = await request(service.url).put('/v1/clusters/prod-1').send({ sensing: 'watch' }).expect(200);
    assert.equal(updated.body.sensing, 'watch');
    assert.equal((await announced).body.data['sensing'], 'watch');
    assert.equal((await request(service.url).get('/v1/clusters/prod-1').expect(200)).body.sensing, 'watch');
    await request(service.url).put('/v1/clusters/prod-1').send({ sensing: 'push' }).expect(422);
  });

  it('rotates a cluster token after checking the new one works, and announces the change', async () => {
    await request(service.url)
      .put('/v1/clusters/prod-1')
      .send({ credentials: { kind: 'token', token: 'stale' } })
      .expect(422);
    const announced = nextMessage<{ data: Record<string, string> }>(client, 'env.evt.cluster.registered.v1');
    const updated = await request(service.url)
      .put('/v1/clusters/prod-1')
      .send({ name: 'prod EU one', credentials: { kind: 'token', token: token() } })
      .expect(200);
    assert.equal(updated.body.name, 'prod EU one');
    assert.equal((await announced).body.data['name'], 'prod EU one');
    await request(service.url).put('/v1/clusters/nope').send({ name: 'x' }).expect(404);
    await request(service.url).put('/v1/units/eu').send({ name: 'Europe (west)' }).expect(200);
    assert.equal((await request(service.url).get('/v1/units').expect(200)).body[0].name, 'Europe (west)');
  });

  it('does not answer pollers for cluster credentials without INTERNAL_SERVICE_KEY, and says so', async () => {
    assert.ok(logs.some((line) => line.includes('INTERNAL_SERVICE_KEY is not set: deploy does not answer for cluster credentials')));
    await assert.rejects(client.request(clusterCredentialsRequest.subject, '{}', { timeout: 2000 }), /503|no responders/i);
  });

  it('removes a cluster once it is empty and announces that', async () => {
    await request(service.url).delete('/v1/stages/dev').expect(204);
    await request(service.url).delete('/v1/stages/qa').expect(204);
    await request(service.url).delete('/v1/namespaces/shop-prod-1').expect(204);
    const removed = nextMessage<{ data: Record<string, string> }>(client, 'env.evt.cluster.removed.v1');
    await request(service.url).delete('/v1/clusters/prod-1').expect(204);
    assert.deepEqual((await removed).body.data, { clusterId: 'prod-1', unitId: 'eu' });
    await request(service.url).get('/v1/clusters/prod-1').expect(404);
  });
});
