import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { type ClusterSim } from '@appmanager/kube-sim';
import { type RunningService } from '@appmanager/service-host';
import { nextMessage } from '@appmanager/testing';
import { adminRequest as request } from '@appmanager/testing';
import { graphOf, launch, nextDeploymentState } from '../../testing/deploy-harness.js';
import { addonStandIn } from '../../testing/addon-stand-in.js';
import { startDeployTestBed, type DeployTestBed } from '../../testing/deploy-test-bed.js';
import { withSteps } from '../../testing/environment.fixture.js';

describe('workflow operations on a running deployment', () => {
  let sim: ClusterSim;
  let service: RunningService;
  let client: NatsConnection;

  let bed: DeployTestBed;

  before(async () => {
    bed = await startDeployTestBed({ label: 'deploy-wf', podReadyDelayMs: 300, env: { DEPLOY_CLAIM_INTERVAL_MS: '30000' } });
    ({ sim, service, client } = bed);
  });

  after(() => bed?.close());

  it('suspends at a suspend step and resumes by API', async () => {
    const suspended = nextDeploymentState(client, { to: 'SUSPENDED', appId: 'approve-api' });
    const id = await launch(
      service.url,
      'approve-api',
      withSteps('approve-api', [
        { type: 'suspend', name: 'approve', properties: { message: 'waiting for CAB ticket 42' } },
        { type: 'deploy', name: 'ship' },
      ]),
    );
    assert.equal((await suspended).body.data.reason, 'waiting for CAB ticket 42');
    const succeeded = nextDeploymentState(client, { to: 'SUCCESS', deploymentId: id });
    await request(service.url)
      .post(`/v1/deployments/${id}/resume`)
      .send({ context: { ticket: 42 } })
      .expect(202);
    await succeeded;
    assert.deepEqual(
      (await graphOf(service.url, id)).workflow.steps.map((s) => [s.name, s.state]),
      [
        ['approve', 'SUCCESS'],
        ['ship', 'SUCCESS'],
      ],
    );
  });

  it('resumes by a CloudEvent from another system, a repeated publish being harmless', async () => {
    const suspended = nextDeploymentState(client, { to: 'SUSPENDED', appId: 'approve-event' });
    const id = await launch(
      service.url,
      'approve-event',
      withSteps('approve-event', [
        { type: 'suspend', name: 'approve' },
        { type: 'deploy', name: 'ship' },
      ]),
    );
    await suspended;
    const succeeded = nextDeploymentState(client, { to: 'SUCCESS', deploymentId: id });
    const eventId = randomUUID();
    const envelope = {
      specversion: '1.0',
      id: eventId,
      source: 'ticketing',
      type: 'deploy.cmd.deployment.resume.v1',
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      data: { deploymentId: id },
    };
    for (let i = 0; i < 2; i++) {
      const h = headers();
      h.set('Nats-Msg-Id', eventId);
      client.publish('deploy.cmd.deployment.resume.v1', JSON.stringify(envelope), { headers: h });
    }
    await succeeded;
  });

  it('runs a nested workflow as one step, suspending inside it', async () => {
    const suspended = nextDeploymentState(client, { to: 'SUSPENDED', appId: 'nested' });
    const id = await launch(
      service.url,
      'nested',
      withSteps('nested', [
        {
          type: 'sub-workflow',
          name: 'release',
          steps: [
            { type: 'deploy', name: 'ship' },
            { type: 'suspend', name: 'verify' },
          ],
        },
      ]),
    );
    await suspended;
    const during = await graphOf(service.url, id);
    assert.deepEqual(
      during.workflow.steps.map((s) => [s.name, s.state, s.child?.steps.map((c) => [c.name, c.state])]),
      [
        [
          'release',
          'WAITING_SUSPEND',
          [
            ['ship', 'SUCCESS'],
            ['verify', 'WAITING_SUSPEND'],
          ],
        ],
      ],
    );
    const succeeded = nextDeploymentState(client, { to: 'SUCCESS', deploymentId: id });
    await request(service.url).post(`/v1/deployments/${id}/resume`).expect(202);
    await succeeded;
    assert.ok((await graphOf(service.url, id)).history.some((h) => h.subject === 'step:release/verify' && h.to === 'SUCCESS'));
  });

  it('fails a step that outlives its timeout, naming it', async () => {
    const failed = nextDeploymentState(client, { to: 'FAILURE', appId: 'slow' });
    await launch(service.url, 'slow', withSteps('slow', [{ type: 'suspend', name: 'gate', timeout: '1s' }]));
    assert.equal((await failed).body.data.reason, 'step "gate" failed: timed out after 1s');
  });

  it('terminates a deployment, after which operations are refused', async () => {
    const suspended = nextDeploymentState(client, { to: 'SUSPENDED', appId: 'stop-me' });
    const id = await launch(
      service.url,
      'stop-me',
      withSteps('stop-me', [
        { type: 'suspend', name: 'approve' },
        { type: 'deploy', name: 'ship' },
      ]),
    );
    await suspended;
    const terminated = nextDeploymentState(client, { to: 'TERMINATED', deploymentId: id });
    await request(service.url).post(`/v1/deployments/${id}/terminate`).send({ reason: 'release cancelled' }).expect(202);
    assert.equal((await terminated).body.data.reason, 'release cancelled');
    const refused = await request(service.url).post(`/v1/deployments/${id}/resume`).expect(409);
    assert.match(refused.body.message, /in state TERMINATED: it has finished/);
    assert.deepEqual(
      (await graphOf(service.url, id)).workflow.steps.map((s) => s.state),
      ['TERMINATED', 'TERMINATED'],
    );
  });

  it('holds the next step while an operator suspends it, and goes on when resumed', async () => {
    const running = nextDeploymentState(client, { to: 'RUNNING', appId: 'freeze' });
    const id = await launch(
      service.url,
      'freeze',
      withSteps('freeze', [
        { type: 'deploy', name: 'first' },
        { type: 'deploy', name: 'second' },
      ]),
    );
    await running;
    const suspended = nextDeploymentState(client, { to: 'SUSPENDED', deploymentId: id });
    await request(service.url).post(`/v1/deployments/${id}/suspend`).expect(202);
    assert.equal((await suspended).body.data.reason, 'suspended by an operator');
    const succeeded = nextDeploymentState(client, { to: 'SUCCESS', deploymentId: id });
    await request(service.url).post(`/v1/deployments/${id}/resume`).expect(202);
    await succeeded;
  });

  it('lets the policies a deploy step names rewrite the application before it is deployed', async () => {
    const succeeded = nextDeploymentState(client, { to: 'SUCCESS', appId: 'scaled' });
    const app = withSteps('scaled', [{ type: 'deploy', name: 'ship', properties: { policies: ['production-size'] } }]);
    (app.spec as Record<string, unknown>)['policies'] = [
      { type: 'override', name: 'production-size', properties: { components: [{ name: 'api', properties: { replicas: 3 } }] } },
    ];
    await launch(service.url, 'scaled', app);
    await succeeded;
    const deployment = await request(sim.serverOf('sim-1'))
      .get('/apis/apps/v1/namespaces/shop/deployments/dev-scaled-api')
      .set('Authorization', `Bearer ${sim.registry.tokenOf('sim-1')}`)
      .ca(sim.caPem ?? '')
      .expect(200);
    assert.equal(deployment.body.spec.replicas, 3);
  });

  it('starts the same flow from a launch command event, and rejects an invalid application naming the path', async () => {
    const publish = (data: unknown) => {
      const id = randomUUID();
      const h = headers();
      h.set('Nats-Msg-Id', id);
      const envelope = {
        specversion: '1.0',
        id,
        source: 'ci',
        type: 'deploy.cmd.deployment.launch.v1',
        time: new Date().toISOString(),
        datacontenttype: 'application/json',
        data,
      };
      client.publish('deploy.cmd.deployment.launch.v1', JSON.stringify(envelope), { headers: h });
      return id;
    };
    const succeeded = nextDeploymentState(client, { to: 'SUCCESS', appId: 'from-ci' });
    publish({ appId: 'from-ci', configuration: withSteps('from-ci', []) });
    await succeeded;
    const rejected = nextMessage<{ data: { commandId: string; appId: string; issues: { path: string; problem: string }[] } }>(
      client,
      'deploy.evt.deployment.rejected.v1',
    );
    const broken = withSteps('broken-ci', []);
    (broken.spec.components[0] as Record<string, unknown>)['type'] = 'mainframe';
    const commandId = publish({ appId: 'broken-ci', configuration: broken });
    const { data } = (await rejected).body;
    assert.equal(data.commandId, commandId);
    assert.deepEqual(data.issues, [{ path: 'spec.components[0].type', problem: 'unknown Component type "mainframe"' }]);
    assert.equal(
      (await request(service.url).get('/v1/deployments?appId=broken-ci').expect(200)).body.total,
      0,
      'a rejected launch records nothing',
    );
  });

  it('retries a failing step with backoff as many times as it says, then fails the deployment', async () => {
    const failed = nextDeploymentState(client, { to: 'FAILURE', appId: 'flaky' });
    const standIn = addonStandIn(client, () => ({ failed: 'redis is out of capacity' }));
    const app = withSteps('flaky', [{ type: 'deploy', name: 'ship', retry: { maxAttempts: 3, backoff: '100ms' } }]);
    app.spec.components.push({ name: 'cache', type: 'redis', addon: true } as never);
    const id = await launch(service.url, 'flaky', app);
    assert.match((await failed).body.data.reason ?? '', /^step "ship" failed: redis\|cache: .*redis is out of capacity/);
    standIn.stop();
    assert.equal(standIn.commands.length, 3, 'each attempt asks again');
    const steps = (await graphOf(service.url, id)).history.filter((h) => h.subject === 'step:ship').map((h) => h.to);
    assert.deepEqual(steps, ['RUNNING', 'PENDING', 'RUNNING', 'PENDING', 'RUNNING', 'FAILURE']);
  });
});
