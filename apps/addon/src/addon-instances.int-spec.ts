import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import https from 'node:https';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { startClusterSim, type ClusterSim } from '@appmanager/kube-sim';
import { startService, type RunningService } from '@appmanager/service-host';
import {
  collectMessages,
  createTestDatabase,
  eventually,
  freePort,
  startNatsServer,
  startServiceProcess,
  type PrivateNatsServer,
  type ServiceProcess,
  type TestDatabase,
  testAuthEnv,
} from '@appmanager/testing';
import pg from 'pg';
import { adminRequest as request } from '@appmanager/testing';
import { DataSource } from 'typeorm';
import { addonService } from './addon.service.js';
import { AesGcmSecretSealer } from './addon-instances/outbound/aes-gcm.secret-sealer.js';

// deploy runs as the built process it is in production (it hands out cluster credentials): apps never import apps
const deployMain = fileURLToPath(new URL('../../deploy/dist/main.js', import.meta.url));

describe('add-on instances (postgres-database on a real server)', () => {
  let nats: PrivateNatsServer;
  let addonDb: TestDatabase;
  let deployDb: TestDatabase;
  let adminDb: TestDatabase;
  let sim: ClusterSim;
  let deploy: ServiceProcess;
  let addon: RunningService;
  let client: NatsConnection;
  const logs: string[] = [];
  const sharedKey = randomBytes(32).toString('base64');
  const [k1, k2] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
  let events: ReturnType<typeof collectMessages<{ type: string; data: Record<string, unknown> }>>;
  const answers: unknown[] = [];

  before(async () => {
    [nats, addonDb, deployDb, adminDb, sim] = await Promise.all([
      startNatsServer(),
      createTestDatabase('addon'),
      createTestDatabase('addon-deploy'),
      createTestDatabase('addon-admin'),
      startClusterSim({ log: () => undefined }),
    ]);
    sim.createCluster('eu-1');
    deploy = await startServiceProcess({
      name: 'deploy',
      main: deployMain,
      port: await freePort(),
      env: {
        PATH: process.env['PATH'] ?? '',
        NATS_URL: nats.url,
        DATABASE_URL: deployDb.url,
        DEPLOY_SECRETS_KEY: randomBytes(32).toString('base64'),
        INTERNAL_SERVICE_KEY: sharedKey,
        LOG_LEVEL: 'warn',
      },
    });
    await request(deploy.url).post('/v1/units').send({ id: 'eu', name: 'Europe' }).expect(201);
    await request(deploy.url)
      .post('/v1/clusters')
      .send({
        id: 'eu-1',
        unitId: 'eu',
        name: 'eu-1',
        apiEndpoint: sim.serverOf('eu-1'),
        caCertificate: sim.caPem,
        credentials: { kind: 'token', token: sim.registry.tokenOf('eu-1') },
      })
      .expect(201);
    addon = await startService(addonService, {
      env: {
        ...testAuthEnv(),
        NATS_URL: nats.url,
        DATABASE_URL: addonDb.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await freePort()),
        ADDON_POSTGRES_URL: adminDb.url,
        ADDON_SECRETS_KEYS: `k1:${k1}`,
        INTERNAL_SERVICE_KEY: sharedKey,
        LOG_LEVEL: 'debug',
      },
      logDestination: { write: (line: string) => void logs.push(line) },
    });
    client = await connect({ servers: nats.url });
    events = collectMessages(client, 'addon.>');
  });

  after(async () => {
    // ADDON_LOG_FILE=<file> keeps the service's log for a failure's post-mortem
    if (process.env['ADDON_LOG_FILE']) (await import('node:fs')).writeFileSync(process.env['ADDON_LOG_FILE'], logs.join(''));
    events?.stop();
    await client?.close();
    await addon?.close();
    await deploy?.stop();
    await sim?.close();
    await nats?.stop();
    await Promise.all([addonDb, deployDb, adminDb].filter(Boolean).map((d) => d.drop()));
  });

  function command(requestId: string, overrides: Record<string, unknown> = {}): void {
    const id = randomUUID();
    const h = headers();
    h.set('Nats-Msg-Id', id);
    const data = {
      requestId,
      deploymentId: `dep-${requestId}`,
      appId: 'shop',
      component: `ADDON|db-${requestId}`,
      cluster: 'eu-1',
      namespace: 'shop',
      addonType: 'postgres-database',
      addonName: 'orders-db',
      attributes: { appId: 'shop' },
      ...overrides,
    };
    const type = 'addon.cmd.instance.apply.v1';
    client.publish(type, JSON.stringify({ specversion: '1.0', id, source: 'deploy', type, time: new Date().toISOString(), data }), {
      headers: h,
    });
  }
  const ofType = (type: string) => events.received.filter((m) => m.subject === type).map((m) => m.body.data);
  const admin = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const c = new pg.Client({ connectionString: adminDb.url });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows as T[];
    } finally {
      await c.end();
    }
  };

  it('makes one instance, one database and one role from twenty concurrent applies, and answers all twenty', async () => {
    for (let i = 0; i < 20; i++) command(`r${i}`);
    await eventually(async () => (ofType('addon.evt.instance.ready.v1').length === 20 ? true : undefined), 30_000);
    assert.equal(ofType('addon.evt.instance.failed.v1').length, 0);
    const list = (await request(addon.url).get('/v1/addon-instances?addonType=postgres-database').expect(200)).body;
    answers.push(list);
    assert.equal(list.total, 1);
    const instance = list.items[0];
    assert.equal(instance.state, 'READY');
    assert.deepEqual(instance.secretOutputs, ['password', 'uri']);
    const name = instance.name.replace(/-/g, '_');
    assert.equal((await admin('SELECT 1 FROM pg_database WHERE datname = $1', [name])).length, 1);
    assert.equal((await admin('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).length, 1);
    const ready = ofType('addon.evt.instance.ready.v1')[0] as { secret: { name: string } };
    assert.equal(ready.secret.name, `${instance.name}-binding`);
  });

  it('refuses to release a claimed instance with 409 naming the claimants', async () => {
    const [instance] = (await request(addon.url).get('/v1/addon-instances').expect(200)).body.items;
    const refused = await request(addon.url).post(`/v1/addon-instances/${instance.id}:release`).expect(409);
    answers.push(refused.body);
    assert.match(refused.body.message, /dep-r0\/ADDON\|db-r0 \(app shop in eu-1\/shop\)/);
    answers.push((await request(addon.url).get(`/v1/addon-instances/${instance.id}`).expect(200)).body);
  });

  it('never shows the generated password in a log line, an event or an API answer', async () => {
    const [instance] = (await request(addon.url).get('/v1/addon-instances').expect(200)).body.items;
    const rows = await addon.app
      .get((await import('typeorm')).DataSource)
      .query('SELECT sealed_generated FROM addon.addon_instance WHERE id = $1', [instance.id]);
    assert.doesNotMatch(String(rows[0].sealed_generated), /password/);
    const roleName = instance.name.replace(/-/g, '_');
    // the password is what the role logs in with: find it by logging in is not possible without it, so read the binding
    const binding = await fetchBindingPassword(instance.name);
    assert.ok(binding.length >= 16);
    for (const [what, text] of [
      ['logs', logs.join('\n')],
      ['events', JSON.stringify(events.received)],
      ['answers', JSON.stringify(answers)],
    ] as const)
      assert.equal(text.includes(binding), false, `the password is in the ${what}`);
    const login = new pg.Client({ connectionString: adminDb.url.replace(/\/\/[^@]*@/, `//${roleName}:${encodeURIComponent(binding)}@`) });
    await login.connect();
    await login.end();
  });

  it('re-seals the secret outputs with a new key online, after which the old key can go', async () => {
    // the rotation as an operator runs it: the service restarted with the new key first and the old one kept
    await addon.close();
    addon = await startService(addonService, {
      env: {
        ...testAuthEnv(),
        NATS_URL: nats.url,
        DATABASE_URL: addonDb.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await freePort()),
        ADDON_POSTGRES_URL: adminDb.url,
        ADDON_SECRETS_KEYS: `k2:${k2},k1:${k1}`,
        INTERNAL_SERVICE_KEY: sharedKey,
        LOG_LEVEL: 'debug',
      },
      logDestination: { write: (line: string) => void logs.push(line) },
    });
    const rotated = await request(addon.url).post('/v1/admin/keys:rotate').expect(200);
    assert.equal(rotated.body.currentKeyId, 'k2');
    assert.ok(rotated.body.resealed >= 1, JSON.stringify(rotated.body));
    assert.equal((await request(addon.url).post('/v1/admin/keys:rotate').expect(200)).body.resealed, 0);
    const rows: { sealed_secrets: string | null; sealed_generated: string | null }[] = await addon.app
      .get(DataSource)
      .query('SELECT sealed_secrets, sealed_generated FROM addon.addon_instance');
    const sealed = rows.flatMap((r) => [r.sealed_secrets, r.sealed_generated]).filter((v): v is string => !!v);
    assert.ok(sealed.length > 0 && sealed.every((v) => v.startsWith('v2.k2.')), 'every secret under k2');
    // what the service will hold once k1 is dropped opens them all
    const onlyK2 = new AesGcmSecretSealer(`k2:${k2}`);
    for (const value of sealed) assert.ok(Object.keys(onlyK2.open(value)).length > 0);
  });

  it('releases the instance when its app instance is deleted, dropping the database (Delete)', async () => {
    const [instance] = (await request(addon.url).get('/v1/addon-instances').expect(200)).body.items;
    const id = randomUUID();
    const type = 'deploy.evt.app-instance.deleted.v1';
    const data = {
      appId: 'shop',
      stage: 'prod',
      cluster: 'eu-1',
      namespace: 'shop',
      undeployId: 'u1',
      sourceDeploymentId: 'dep-r0',
      components: [],
      deletedAt: new Date().toISOString(),
    };
    client.publish(type, JSON.stringify({ specversion: '1.0', id, source: 'deploy', type, time: new Date().toISOString(), data }));
    await eventually(async () => (ofType('addon.evt.instance.released.v1').length === 1 ? true : undefined), 15_000);
    const name = instance.name.replace(/-/g, '_');
    assert.equal((await admin('SELECT 1 FROM pg_database WHERE datname = $1', [name])).length, 0);
    assert.equal((await admin('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).length, 0);
  });

  async function fetchBindingPassword(instanceName: string): Promise<string> {
    const url = `${sim.serverOf('eu-1')}/api/v1/namespaces/shop/secrets/${instanceName}-binding`;
    const text = await new Promise<string>((resolve, reject) => {
      https
        .get(url, { ca: sim.caPem, headers: { authorization: `Bearer ${sim.registry.tokenOf('eu-1')}` } }, (res) => {
          let chunks = '';
          res.on('data', (c) => (chunks += String(c)));
          res.on('end', () => resolve(chunks));
        })
        .on('error', reject);
    });
    const body = JSON.parse(text) as { data?: Record<string, string>; stringData?: Record<string, string> };
    const raw = body.data?.['password'];
    return raw ? Buffer.from(raw, 'base64').toString('utf8') : (body.stringData?.['password'] ?? '');
  }
});
