import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchDeploymentCommand, newCloudEvent } from '@appmanager/contracts';
import { adminRequest, eventually, requestAs } from '@appmanager/testing';
import { jetstream } from '@nats-io/jetstream';
import { type DeployTestBed, startDeployTestBed } from './testing/deploy-test-bed.js';
import { settingsApp } from './testing/settings-app.js';

interface AuditView {
  actor: string;
  via: string;
  action: string;
  request: string;
  target: string | null;
  origin: string;
  outcome: string;
  status: number | null;
  reason: string | null;
}

describe('deploy: the audit trail of launches and operations, by API and by command', () => {
  let bed: DeployTestBed;
  let team: string;
  let tokenId: string;

  before(async () => {
    bed = await startDeployTestBed({ label: 'deploy_audit' });
    await adminRequest(bed.service.url).put('/v1/projects/shop/apps/shop').expect(200);
    const issued = await adminRequest(bed.service.url)
      .post('/v1/api-tokens')
      .send({ name: 'shop-team', roles: ['app-team'], projects: ['shop'] });
    [team, tokenId] = [issued.body.token, issued.body.id];
  });

  after(() => bed?.close());

  const trail = async (action: string): Promise<AuditView[]> =>
    (await adminRequest(bed.service.url).get(`/v1/audit?action=${action}&limit=100`).expect(200)).body.items;

  it("records an app team's launch and suspend of its own application, and its refused launch of another project's", async () => {
    const launched = await requestAs(bed.service.url, team)
      .post('/v1/deployments')
      .send({ appId: 'shop', configuration: settingsApp('shop', { ownConfigMap: true }) })
      .expect(202);
    const refused = await requestAs(bed.service.url, team)
      .post('/v1/deployments')
      .send({ appId: 'billing', configuration: settingsApp('billing', { ownConfigMap: true }) });
    assert.equal(refused.status, 403);
    assert.equal(
      refused.body.message,
      `api-token:${tokenId} (shop-team) (roles: app-team@shop) may not deployments:launch on application billing (project default)`,
    );
    // an operation applies once a runner took the deployment up (before, 404)
    await eventually(async () =>
      (await requestAs(bed.service.url, team).get(`/v1/deployments/${launched.body.id}/graph`)).status === 200 ? true : undefined,
    );
    const suspended = await requestAs(bed.service.url, team).post(`/v1/deployments/${launched.body.id}/suspend`);
    assert.ok([202, 409].includes(suspended.status), `suspend answered ${suspended.status}`);

    const launches = await eventually(async () => {
      const records = await trail('deployments:launch');
      return records.length >= 2 ? records : undefined;
    });
    const actor = `api-token:${tokenId} (shop-team)`;
    assert.deepEqual(launches.map((r) => [r.actor, r.via, r.target, r.outcome, r.status, r.origin]).sort(), [
      [actor, 'api-token', 'billing', 'refused', 403, '127.0.0.1'],
      [actor, 'api-token', 'shop', 'succeeded', 202, '127.0.0.1'],
    ]);
    const [suspend] = await eventually(async () => {
      const records = await trail('deployments:suspend');
      return records.length ? records : undefined;
    });
    assert.equal(suspend!.request, `POST /v1/deployments/${launched.body.id}/suspend`);
    assert.equal(suspend!.target, 'shop', 'the application of the deployment');
    assert.equal(suspend!.actor, actor);
    assert.equal(suspend!.outcome, suspended.status === 202 ? 'succeeded' : 'failed');
  });

  it('records a launch command from an outside system, and announces every record on the AUDIT stream', async () => {
    const command = newCloudEvent(
      launchDeploymentCommand.subject,
      { appId: 'catalog', configuration: settingsApp('catalog', { ownConfigMap: true }) },
      { source: 'ci.example' },
    );
    await jetstream(bed.client).publish(command.type, JSON.stringify(command), { msgID: command.id });
    const record = await eventually(async () => (await trail('deployments:launch')).find((r) => r.via === 'command'));
    assert.deepEqual(
      { ...record, reason: record.reason },
      {
        ...record,
        actor: 'command from ci.example',
        request: 'deploy.cmd.deployment.launch.v1',
        target: 'catalog',
        origin: 'nats',
        outcome: 'succeeded',
        status: null,
        reason: null,
      },
    );

    const all = (await adminRequest(bed.service.url).get('/v1/audit?limit=500').expect(200)).body.total as number;
    const consumer = await jetstream(bed.client).consumers.get('AUDIT');
    const announced = await eventually(async () => {
      const info = await consumer.info();
      return info.num_pending >= all ? info.num_pending : undefined;
    });
    assert.ok(announced >= all, `${announced} audit events for ${all} records`);
    const first = await consumer.next({ expires: 2_000 });
    assert.equal(first?.subject, 'audit.evt.mutation.recorded.v1');
    assert.equal((first?.json() as { source: string }).source, 'deploy');
  });
});
