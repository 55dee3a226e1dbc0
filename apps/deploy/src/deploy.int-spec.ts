import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import {
  createTestDatabase,
  eventually,
  freePort,
  nextMessage,
  startNatsServer,
  type PrivateNatsServer,
  type TestDatabase,
  testAuthEnv,
  checkPermissionMatrix,
} from '@appmanager/testing';
import { startService, type RunningService } from '@appmanager/service-host';
import { adminRequest as request } from '@appmanager/testing';
import { deployService } from './deploy.service.js';
import { type DeployTestBed, startDeployTestBed } from './testing/deploy-test-bed.js';
import { settingsApp } from './testing/settings-app.js';

/** What an outside system does: a plain NATS client, a CloudEvent as JSON, nothing of ours. */
function publishLaunch(client: NatsConnection, envelope: Record<string, unknown>, natsMessageId: string): void {
  const h = headers();
  h.set('Nats-Msg-Id', natsMessageId);
  client.publish('deploy.cmd.deployment.launch.v1', JSON.stringify(envelope), { headers: h });
}

const launchEvent = (id: string, appId: string, configuration: unknown) => ({
  specversion: '1.0',
  id,
  source: 'ci.example',
  type: 'deploy.cmd.deployment.launch.v1',
  time: new Date().toISOString(),
  correlationid: `corr-${id}`,
  data: { appId, configuration },
});

describe('deploy service', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let service: RunningService;
  let client: NatsConnection;

  before(async () => {
    [nats, database] = await Promise.all([startNatsServer(), createTestDatabase('deploy')]);
    service = await startService(deployService, {
      env: {
        ...testAuthEnv(),
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
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

  it('is ready once its deploy schema is migrated', async () => {
    await request(service.url).get('/readyz').expect(200);
  });

  it('refuses a launch without appId with 422 naming the field', async () => {
    const refused = await request(service.url).post('/v1/deployments').send({ configuration: 'x: 1' }).expect(422);
    assert.deepEqual(
      refused.body.issues.map((issue: { path: string }) => issue.path),
      ['appId'],
    );
    assert.match(refused.body.message, /^appId: /);
    const badTarget = await request(service.url)
      .post('/v1/deployments')
      .send({ appId: 'a', configuration: 'x', target: { cluster: '' } })
      .expect(422);
    assert.match(badTarget.body.message, /^target\.cluster: /);
    const badPage = await request(service.url).get('/v1/deployments?limit=0').expect(422);
    assert.match(badPage.body.message, /^limit: /);
  });

  it('refuses to register a cluster with 503 while no DEPLOY_SECRETS_KEY is configured', async () => {
    await request(service.url).post('/v1/units').send({ id: 'eu', name: 'Europe' }).expect(201);
    const refused = await request(service.url)
      .post('/v1/clusters')
      .send({
        id: 'c1',
        unitId: 'eu',
        name: 'c1',
        apiEndpoint: 'https://127.0.0.1:6443',
        credentials: { kind: 'token', token: 'secret-token' },
      })
      .expect(503);
    assert.equal(
      refused.body.message,
      'cluster credentials cannot be stored: neither DEPLOY_SECRETS_KEYS nor DEPLOY_SECRETS_KEY is configured',
    );
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
    for (const path of [
      '/v1/deployments:plan',
      '/v1/deployments/{id}/graph',
      '/v1/deployments/{id}/retry',
      '/v1/clusters',
      '/v1/stages',
      '/v1/applications/{appId}/deployments',
    ]) {
      assert.ok(document.body.paths[path], `${path} documented`);
    }
  });

  it('parks a launch command that names no app as a dead letter, and keeps serving', async () => {
    const parked = nextMessage<{ reason: string; error: string }>(client, 'dlq.deploy_deploy-deployment-launch-v1');
    publishLaunch(client, { ...launchEvent('evt-bad-1', 'x', {}), data: { configuration: 'components: []' } }, 'evt-bad-1');
    const letter = (await parked).body;
    assert.equal(letter.reason, 'invalid-data');
    assert.match(letter.error, /appId/);
    await request(service.url).get('/readyz').expect(200);
  });
});

describe('deploy service: launch', () => {
  let bed: DeployTestBed;
  const logs: string[] = [];
  const logLines = () => logs.map((line) => JSON.parse(line) as Record<string, unknown>);

  before(async () => {
    bed = await startDeployTestBed({ label: 'deploy_launch', env: { LOG_LEVEL: 'info' }, logs });
  });

  after(() => bed?.close());

  it('answers every route × role (and no token) as the permission matrix says: 401, 403, or past authorisation', async () => {
    const cells = await checkPermissionMatrix(bed.service.url);
    assert.ok(cells.length > 0);
  });

  async function deploymentsFor(
    appId: string,
  ): Promise<{ id: string; sourceEventId: string; correlationId: string; state: string; target: Record<string, string> }[]> {
    const listed = await request(bed.service.url).get('/v1/deployments?limit=500').expect(200);
    return listed.body.items.filter((item: { appId: string }) => item.appId === appId);
  }

  it('records a launch as a CREATED deployment and shows the target resolved from its configuration', async () => {
    const accepted = await request(bed.service.url)
      .post('/v1/deployments')
      .set('x-correlation-id', 'ci-run-7')
      .send({ appId: 'shop', configuration: settingsApp('shop') })
      .expect(202);
    assert.equal(accepted.body.state, 'CREATED');
    assert.equal(accepted.headers['location'], `/v1/deployments/${accepted.body.id}`);
    const shown = await request(bed.service.url).get(`/v1/deployments/${accepted.body.id}`).expect(200);
    assert.equal(shown.body.appId, 'shop');
    assert.equal(shown.body.correlationId, 'ci-run-7');
    assert.deepEqual(
      shown.body.target,
      { unit: 'eu', cluster: 'sim-1', namespace: 'shop', stage: 'dev' },
      'the target the spec named, not {}',
    );
    const [listed] = await deploymentsFor('shop');
    assert.deepEqual(listed?.target, shown.body.target);
    await eventually(async () =>
      (await request(bed.service.url).get(`/v1/deployments/${accepted.body.id}`)).body.state === 'SUCCESS' ? true : undefined,
    );
  });

  it('refuses a launch it could not run with 422 listing the issues, and records nothing', async () => {
    const refused = await request(bed.service.url).post('/v1/deployments').send({ appId: 'broken', configuration: 'a: b' }).expect(422);
    assert.ok(refused.body.issues.length > 0);
    for (const issue of refused.body.issues) assert.ok(typeof issue.path === 'string' && issue.message.length > 0);
    const unknownType = settingsApp('typo');
    (unknownType.spec.components[0] as { type: string }).type = 'k8s-objekts';
    const typo = await request(bed.service.url).post('/v1/deployments').send({ appId: 'broken', configuration: unknownType }).expect(422);
    assert.match(typo.body.message, /spec\.components\[0\]\.type: unknown Component type "k8s-objekts"/);
    assert.deepEqual(await deploymentsFor('broken'), []);
  });

  it('records a retried POST with the same Idempotency-Key once', async () => {
    const launch = { appId: 'cart', configuration: settingsApp('cart') };
    const first = await request(bed.service.url).post('/v1/deployments').set('Idempotency-Key', 'ticket-991').send(launch).expect(202);
    const again = await request(bed.service.url).post('/v1/deployments').set('Idempotency-Key', 'ticket-991').send(launch).expect(202);
    assert.equal(again.body.id, first.body.id);
    assert.deepEqual([first.body.created, again.body.created], [true, false]);
  });

  it('records a deployment from a launch command published by any NATS client, and logs it', async () => {
    publishLaunch(bed.client, launchEvent('evt-launch-1', 'billing', settingsApp('billing')), 'evt-launch-1');
    const [recorded] = await eventually(async () => {
      const found = await deploymentsFor('billing');
      return found.length > 0 ? found : undefined;
    });
    assert.equal(recorded?.sourceEventId, 'evt-launch-1');
    assert.equal(recorded?.correlationId, 'corr-evt-launch-1');
    const line = await eventually(async () => logLines().find((entry) => entry['eventId'] === 'evt-launch-1'));
    assert.equal(line['correlationId'], 'corr-evt-launch-1');
    assert.equal(line['msg'], 'launch command recorded a deployment');
  });

  it('records the same CloudEvent once even when JetStream delivers it twice', async () => {
    // different Nats-Msg-Id, same CloudEvent id: JetStream dedup lets both through, the inbox must not
    publishLaunch(bed.client, launchEvent('evt-launch-2', 'payments', settingsApp('payments')), 'msg-a');
    publishLaunch(bed.client, launchEvent('evt-launch-2', 'payments', settingsApp('payments')), 'msg-b');
    const skipped = await eventually(async () =>
      logLines().find((entry) => entry['eventId'] === 'evt-launch-2' && entry['msg'] === 'launch command already recorded; skipped'),
    );
    assert.equal(skipped['correlationId'], 'corr-evt-launch-2');
    const recorded = await deploymentsFor('payments');
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0]?.sourceEventId, 'evt-launch-2');
  });

  it('answers a launch command it could not run with deploy.evt.deployment.rejected.v1 naming the issues and the command, once, recording nothing', async () => {
    const rejections: string[] = [];
    const sub = bed.client.subscribe('deploy.evt.deployment.rejected.v1', { callback: (_e, msg) => void rejections.push(msg.string()) });
    const rejected = nextMessage<{ data: { commandId: string; appId: string; issues: { path: string; problem: string }[] } }>(
      bed.client,
      'deploy.evt.deployment.rejected.v1',
    );
    publishLaunch(bed.client, launchEvent('evt-reject-1', 'refused', 'a: b'), 'evt-reject-1a');
    publishLaunch(bed.client, launchEvent('evt-reject-1', 'refused', 'a: b'), 'evt-reject-1b');
    const event = (await rejected).body;
    assert.equal(event.data.commandId, 'evt-reject-1');
    assert.equal(event.data.appId, 'refused');
    assert.ok(event.data.issues.length > 0 && event.data.issues.every((i) => i.problem.length > 0));
    await eventually(async () =>
      logLines().some((entry) => entry['eventId'] === 'evt-reject-1' && entry['deliveryCount'] !== undefined) ? true : undefined,
    );
    // the second delivery of the same command is recognised by the inbox: no second rejection, no deployment
    publishLaunch(bed.client, launchEvent('evt-after-reject', 'after-reject', settingsApp('after-reject')), 'evt-after-reject');
    await eventually(async () => ((await deploymentsFor('after-reject')).length === 1 ? true : undefined));
    sub.unsubscribe();
    assert.equal(rejections.length, 1);
    assert.deepEqual(await deploymentsFor('refused'), []);
  });
});
