import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { clusterCredentialsKeyPurpose, clusterCredentialsRequest } from '@appmanager/contracts';
import { startClusterSim, type ClusterSim } from '@appmanager/kube-sim';
import {
  ClusterCredentialsSource,
  CredentialsUnavailableError,
  deriveRequestKeys,
  NatsClusterCredentialsSource,
  signRequest,
} from '@appmanager/messaging';
import { startService, type RunningService } from '@appmanager/service-host';
import {
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
import { adminRequest as request } from '@appmanager/testing';
import { sensorService } from '../sensor.service.js';

// deploy runs as the built process it is in production: apps never import apps
const deployMain = fileURLToPath(new URL('../../../deploy/dist/main.js', import.meta.url));

describe(NatsClusterCredentialsSource.name, () => {
  let nats: PrivateNatsServer;
  let databases: TestDatabase[];
  let sim: ClusterSim;
  let deploy: ServiceProcess;
  let sensor: RunningService;
  let client: NatsConnection;
  let source: ClusterCredentialsSource;
  const sharedKey = randomBytes(32).toString('base64');
  const sensorLogs: string[] = [];

  before(async () => {
    let deployDb: TestDatabase, sensorDb: TestDatabase;
    [nats, deployDb, sensorDb, sim] = await Promise.all([
      startNatsServer(),
      createTestDatabase('creds-deploy'),
      createTestDatabase('creds-sensor'),
      startClusterSim({ log: () => undefined }),
    ]);
    databases = [deployDb, sensorDb];
    sim.createCluster('eu-1');
    sim.createCluster('eu-2');
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
        LOG_LEVEL: 'info',
      },
    });
    await request(deploy.url).post('/v1/units').send({ id: 'eu', name: 'Europe' }).expect(201);
    for (const [id, sensing] of [
      ['eu-1', undefined],
      ['eu-2', 'watch'],
    ] as const) {
      const access = { apiEndpoint: sim.serverOf(id), caCertificate: sim.caPem, credentials: { kind: 'token', token: token(id) } };
      await request(deploy.url)
        .post('/v1/clusters')
        .send({ id, unitId: 'eu', name: id, ...access, ...(sensing ? { sensing } : {}) })
        .expect(201);
    }
    sensor = await startService(sensorService, {
      env: {
        ...testAuthEnv(),
        NATS_URL: nats.url,
        DATABASE_URL: sensorDb.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await freePort()),
        INTERNAL_SERVICE_KEY: sharedKey,
        SENSOR_POLLER_ID: 'eu-poller-1',
        LOG_LEVEL: 'debug',
      },
      logDestination: { write: (line: string) => void sensorLogs.push(line) },
    });
    source = sensor.app.get(ClusterCredentialsSource, { strict: false });
    client = await connect({ servers: nats.url });
  });

  after(async () => {
    await client?.close();
    await sensor?.close();
    await deploy?.stop();
    await sim?.close();
    await nats?.stop();
    await Promise.all((databases ?? []).map((database) => database.drop()));
  });

  const token = (clusterId: string) => sim.registry.tokenOf(clusterId);
  const auditLines = () =>
    deploy
      .output()
      .split('\n')
      .filter((line) => line.includes('cluster credentials handed to a poller'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  /** Asks as a raw NATS client would, with the real key unless told otherwise. */
  const ask = async (body: unknown): Promise<Record<string, unknown>> =>
    (
      await client.request(clusterCredentialsRequest.subject, typeof body === 'string' ? body : JSON.stringify(body), { timeout: 5000 })
    ).json();
  const keys = deriveRequestKeys(sharedKey, clusterCredentialsKeyPurpose);

  it('hands a poller the access to the clusters it owns and leaves out the ids deploy does not know', async () => {
    const access = await source.fetch(['eu-1', 'eu-2', 'gone']);
    assert.deepEqual([...access.keys()].sort(), ['eu-1', 'eu-2']);
    assert.deepEqual(access.get('eu-1'), {
      clusterId: 'eu-1',
      unitId: 'eu',
      apiServer: sim.serverOf('eu-1'),
      caCertificate: sim.caPem,
      credentials: { kind: 'token', token: token('eu-1') },
    });
    assert.deepEqual(access.get('eu-2')?.credentials, { kind: 'token', token: token('eu-2') });
    await eventually(async () => (auditLines().length === 1 ? true : undefined));
    assert.deepEqual(
      (({ pollerId, clusters, missing }) => ({ pollerId, clusters, missing }))(auditLines()[0]!),
      { pollerId: 'eu-poller-1', clusters: 2, missing: 1 },
      'one audit line: who asked, how many clusters, how many unknown',
    );
  });

  it('shows each cluster of the fleet with the sensing mode deploy registered it with', async () => {
    const listed = await eventually(async () => {
      const body = (await request(sensor.url).get('/v1/clusters').expect(200)).body as { items: { clusterId: string; sensing: string }[] };
      return body.items.length === 2 ? body.items : undefined;
    });
    assert.deepEqual(
      listed.map((cluster) => [cluster.clusterId, cluster.sensing]),
      [
        ['eu-1', 'poll'],
        ['eu-2', 'watch'],
      ],
    );
  });

  it('asks in batches of 500 and puts the answers together', async () => {
    const unknown = Array.from({ length: 1100 }, (_, i) => `unknown-${i}`);
    const before = auditLines().length;
    const access = await source.fetch([...unknown.slice(0, 700), 'eu-2', ...unknown.slice(700), 'eu-1']);
    assert.deepEqual([...access.keys()].sort(), ['eu-1', 'eu-2']);
    await eventually(async () => (auditLines().length === before + 3 ? true : undefined));
  });

  it('refuses a poller that signs with another key, and the poller says deploy refused and why', async () => {
    const stranger = new NatsClusterCredentialsSource({
      connection: client,
      sharedKey: randomBytes(32).toString('base64'),
      pollerId: 'intruder',
    });
    await assert.rejects(stranger.fetch(['eu-1']), (error: Error) => {
      assert.ok(error instanceof CredentialsUnavailableError);
      assert.match(error.message, /^deploy refused \(bad-mac\): the request is not signed with the INTERNAL_SERVICE_KEY deploy has$/);
      return true;
    });
  });

  it('answers a replayed, stale, oversized or malformed request with a refusal naming the problem', async () => {
    const signed = signRequest(keys, { pollerId: 'eu-poller-1', clusterIds: ['eu-1'] });
    assert.equal(typeof (await ask(signed))['sealed'], 'string');
    assert.deepEqual(await ask(signed), { error: { code: 'replayed', message: 'this nonce was used already' } });
    const stale = signRequest(keys, { pollerId: 'eu-poller-1', clusterIds: ['eu-1'] }, new Date(Date.now() - 5 * 60_000));
    assert.deepEqual(await ask(stale), { error: { code: 'stale', message: "issuedAt is more than 60 s away from deploy's clock" } });
    const tooMany = signRequest(keys, { pollerId: 'eu-poller-1', clusterIds: Array.from({ length: 501 }, (_, i) => `c-${i}`) });
    assert.deepEqual(await ask(tooMany), { error: { code: 'too-many-ids', message: 'at most 500 cluster ids per request, got 501' } });
    assert.deepEqual(await ask('{not json'), { error: { code: 'malformed', message: 'the request is not JSON' } });
    const refusal = (await ask({ pollerId: 'eu-poller-1', clusterIds: [] })) as { error: { code: string; message: string } };
    assert.equal(refusal.error.code, 'malformed');
    assert.match(refusal.error.message, /clusterIds: /);
  });

  it('keeps the requests out of JetStream: no stream captures the subject', async () => {
    const reply = (await client.request('$JS.API.STREAM.NAMES', JSON.stringify({ subject: clusterCredentialsRequest.subject }))).json<{
      streams: string[] | null;
    }>();
    assert.deepEqual(reply.streams ?? [], []);
  });

  it('says deploy did not answer when no deploy is listening, or none answers in time', async () => {
    await deploy.stop();
    const impatient = new NatsClusterCredentialsSource({ connection: client, sharedKey, pollerId: 'eu-poller-1', timeoutMs: 500 });
    await assert.rejects(impatient.fetch(['eu-1']), /^CredentialsUnavailableError: deploy did not answer: no deploy is listening$/);
    const silent = client.subscribe(clusterCredentialsRequest.subject, { callback: () => undefined });
    await assert.rejects(impatient.fetch(['eu-1']), /^CredentialsUnavailableError: deploy did not answer: nothing within 500 ms$/);
    silent.unsubscribe();
  });

  it('never writes a token or a CA into the log of deploy or of the sensor', () => {
    const logs = { deploy: deploy.output(), sensor: sensorLogs.join('\n') };
    assert.ok(logs.deploy.includes('cluster credentials request refused'), 'the refusals were logged');
    assert.ok(logs.sensor.includes('cluster registered'), 'the sensor logged as it worked');
    for (const [service, log] of Object.entries(logs)) {
      for (const id of ['eu-1', 'eu-2']) assert.ok(!log.includes(token(id)), `${service} logged the token of ${id}`);
      assert.ok(!log.includes('BEGIN CERTIFICATE'), `${service} logged a CA`);
    }
  });
});
