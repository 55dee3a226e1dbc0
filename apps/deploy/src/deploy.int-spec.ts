import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { createTestDatabase, eventually, freePort, nextMessage, startNatsServer, type PrivateNatsServer, type TestDatabase } from '@appmanager/testing';
import { startService, type RunningService } from '@appmanager/service-host';
import request from 'supertest';
import { deployService } from './deploy.service.js';

describe('deploy service', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let service: RunningService;
  let client: NatsConnection;
  const logs: Record<string, unknown>[] = [];

  before(async () => {
    [nats, database] = await Promise.all([startNatsServer(), createTestDatabase('deploy')]);
    service = await startService(deployService, {
      env: { NATS_URL: nats.url, DATABASE_URL: database.url, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(await freePort()), LOG_LEVEL: 'info' },
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

  it('is ready once its deploy schema is migrated', async () => {
    await request(service.url).get('/readyz').expect(200);
  });

  it('records a launch as a CREATED deployment and shows it', async () => {
    const launch = { appId: 'shop', configuration: 'apiVersion: core.oam.dev/v1alpha2', target: { cluster: 'c1', namespace: 'shop' } };
    const accepted = await request(service.url).post('/v1/deployments').set('x-correlation-id', 'ci-run-7').send(launch).expect(202);
    assert.equal(accepted.body.state, 'CREATED');
    assert.equal(accepted.headers['location'], `/v1/deployments/${accepted.body.id}`);

    const shown = await request(service.url).get(`/v1/deployments/${accepted.body.id}`).expect(200);
    assert.equal(shown.body.appId, 'shop');
    // the runner then takes it up: this configuration is no application, so it fails with the reason
    await eventually(async () => ((await request(service.url).get(`/v1/deployments/${accepted.body.id}`)).body.state === 'FAILURE' ? true : undefined));
    assert.equal(shown.body.configuration, launch.configuration);
    assert.deepEqual(shown.body.target, launch.target);
    assert.equal(shown.body.correlationId, 'ci-run-7');

    const listed = await request(service.url).get('/v1/deployments?limit=10').expect(200);
    assert.ok(listed.body.items.some((item: { id: string }) => item.id === accepted.body.id));
    assert.equal(listed.body.limit, 10);
  });

  it('records a retried POST with the same Idempotency-Key once', async () => {
    const launch = { appId: 'cart', configuration: { components: [] } };
    const first = await request(service.url).post('/v1/deployments').set('Idempotency-Key', 'ticket-991').send(launch).expect(202);
    const again = await request(service.url).post('/v1/deployments').set('Idempotency-Key', 'ticket-991').send(launch).expect(202);
    assert.equal(again.body.id, first.body.id);
    assert.deepEqual([first.body.created, again.body.created], [true, false]);
  });

  it('refuses a launch without appId with 422 naming the field', async () => {
    const refused = await request(service.url).post('/v1/deployments').send({ configuration: 'x: 1' }).expect(422);
    assert.deepEqual(refused.body.issues.map((issue: { path: string }) => issue.path), ['appId']);
    assert.match(refused.body.message, /^appId: /);
    const badTarget = await request(service.url).post('/v1/deployments').send({ appId: 'a', configuration: 'x', target: { cluster: '' } }).expect(422);
    assert.match(badTarget.body.message, /^target\.cluster: /);
    const badPage = await request(service.url).get('/v1/deployments?limit=0').expect(422);
    assert.match(badPage.body.message, /^limit: /);
  });

  it('refuses to register a cluster with 503 while no DEPLOY_SECRETS_KEY is configured', async () => {
    await request(service.url).post('/v1/units').send({ id: 'eu', name: 'Europe' }).expect(201);
    const refused = await request(service.url)
      .post('/v1/clusters')
      .send({ id: 'c1', unitId: 'eu', name: 'c1', apiEndpoint: 'https://127.0.0.1:6443', credentials: { kind: 'token', token: 'secret-token' } })
      .expect(503);
    assert.equal(refused.body.message, 'cluster credentials cannot be stored: DEPLOY_SECRETS_KEY is not configured');
    assert.ok(!refused.text.includes('secret-token'));
  });

  it('answers 404 naming an unknown deployment, even a malformed id', async () => {
    const unknown = await request(service.url).get('/v1/deployments/00000000-0000-4000-8000-000000000000').expect(404);
    assert.equal(unknown.body.message, 'deployment "00000000-0000-4000-8000-000000000000" not found');
    await request(service.url).get('/v1/deployments/not-a-uuid').expect(404);
  });

  it('documents its /v1 paths in OpenAPI', async () => {
    const document = await request(service.url).get('/docs-json').expect(200);
    assert.ok(document.body.paths['/v1/deployments'].post.requestBody, 'POST body documented');
    assert.ok(document.body.paths['/v1/deployments/{id}'].get);
    for (const path of ['/v1/deployments:plan', '/v1/deployments/{id}/graph', '/v1/deployments/{id}/retry', '/v1/clusters', '/v1/stages', '/v1/applications/{appId}/deployments']) {
      assert.ok(document.body.paths[path], `${path} documented`);
    }
  });

  /** What an outside system does: a plain NATS client, a CloudEvent as JSON, nothing of ours. */
  function publishLaunch(envelope: Record<string, unknown>, natsMessageId: string): void {
    const h = headers();
    h.set('Nats-Msg-Id', natsMessageId);
    client.publish('deploy.cmd.deployment.launch.v1', JSON.stringify(envelope), { headers: h });
  }

  const launchEvent = (id: string, appId: string) => ({
    specversion: '1.0',
    id,
    source: 'ci.example',
    type: 'deploy.cmd.deployment.launch.v1',
    time: new Date().toISOString(),
    correlationid: `corr-${id}`,
    data: { appId, configuration: 'components: []', target: { cluster: 'c9' } },
  });

  async function deploymentsFor(appId: string): Promise<{ id: string; sourceEventId: string; correlationId: string; state: string }[]> {
    const listed = await request(service.url).get('/v1/deployments?limit=500').expect(200);
    return listed.body.items.filter((item: { appId: string }) => item.appId === appId);
  }

  it('records a deployment from a launch command published by any NATS client, and logs it', async () => {
    publishLaunch(launchEvent('evt-launch-1', 'billing'), 'evt-launch-1');
    const [recorded] = await eventually(async () => {
      const found = await deploymentsFor('billing');
      return found.length > 0 ? found : undefined;
    });
    assert.ok(['CREATED', 'PROCESSING', 'FAILURE'].includes(recorded?.state ?? ''), 'recorded, then taken up by the runner');
    assert.equal(recorded?.sourceEventId, 'evt-launch-1');
    assert.equal(recorded?.correlationId, 'corr-evt-launch-1');
    const line = await eventually(async () => logs.find((entry) => entry['eventId'] === 'evt-launch-1'));
    assert.equal(line['correlationId'], 'corr-evt-launch-1');
    assert.equal(line['msg'], 'launch command recorded a deployment');
  });

  it('records the same CloudEvent once even when JetStream delivers it twice', async () => {
    // different Nats-Msg-Id, same CloudEvent id: JetStream dedup lets both through, the inbox must not
    publishLaunch(launchEvent('evt-launch-2', 'payments'), 'msg-a');
    publishLaunch(launchEvent('evt-launch-2', 'payments'), 'msg-b');
    const skipped = await eventually(async () =>
      logs.find((entry) => entry['eventId'] === 'evt-launch-2' && entry['msg'] === 'launch command already recorded; skipped'),
    );
    assert.equal(skipped['correlationId'], 'corr-evt-launch-2');
    const recorded = await deploymentsFor('payments');
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0]?.sourceEventId, 'evt-launch-2');
  });

  it('parks a launch command that names no app as a dead letter, and keeps serving', async () => {
    const parked = nextMessage<{ reason: string; error: string }>(client, 'dlq.deploy_deploy-deployment-launch-v1');
    publishLaunch({ ...launchEvent('evt-bad-1', 'x'), data: { configuration: 'components: []' } }, 'evt-bad-1');
    const letter = (await parked).body;
    assert.equal(letter.reason, 'invalid-data');
    assert.match(letter.error, /appId/);
    await request(service.url).get('/readyz').expect(200);
    publishLaunch(launchEvent('evt-after-bad', 'after-bad'), 'evt-after-bad');
    await eventually(async () => ((await deploymentsFor('after-bad')).length === 1 ? true : undefined));
  });
});
