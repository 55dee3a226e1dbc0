import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, errors, type NatsConnection } from '@nats-io/transport-node';
import {
  deploymentSucceededEvent,
  launchDeploymentCommand,
  natsPermissions,
  newCloudEvent,
  outsideInboxPrefix,
  resumeDeploymentCommand,
} from '@appmanager/contracts';
import { startClusterSim, type ClusterSim } from '@appmanager/kube-sim';
import { type RunningService } from '@appmanager/service-host';
import {
  createTestDatabase,
  eventually,
  freePort,
  startNatsServer,
  type PrivateNatsServer,
  type TestDatabase,
  adminRequest as request,
} from '@appmanager/testing';
import { DeployModule } from './deploy.module.js';
import { nextDeploymentState } from './testing/deploy-harness.js';
import { registerSimEnvironment } from './testing/environment.fixture.js';
import { startDeployForTest } from './testing/test-service.js';
import { settingsApp } from './testing/settings-app.js';

/** nats.js rejects a request to a forbidden subject with a RequestError caused by the server's permissions violation. */
function refusedPublishTo(subject: string) {
  return (error: unknown) => {
    const violation = error instanceof errors.PermissionViolationError ? error : (error as { cause?: unknown }).cause;
    assert.ok(violation instanceof errors.PermissionViolationError, String(error));
    assert.deepEqual([violation.operation, violation.subject], ['publish', subject]);
    return true;
  };
}

describe('NATS users and subject permissions (deploy under its own user, an outside system under "outside")', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let sim: ClusterSim;
  let deploy: RunningService;
  let outside: NatsConnection;
  let watcher: NatsConnection;
  const logs: string[] = [];

  before(async () => {
    [nats, database, sim] = await Promise.all([
      startNatsServer({ users: natsPermissions() }),
      createTestDatabase('nats_permissions'),
      startClusterSim({ log: () => undefined }),
    ]);
    sim.createCluster('sim-1');
    deploy = await startDeployForTest(
      DeployModule,
      {
        NATS_URL: nats.urlOf('deploy'),
        DATABASE_URL: database.url,
        HTTP_PORT: String(await freePort()),
      },
      logs,
    );
    await registerSimEnvironment(deploy.url, sim, 'sim-1');
    outside = await connect({ ...nats.optionsOf('outside'), inboxPrefix: outsideInboxPrefix });
    // the sensor may read deploy's events: the test listens as it would
    watcher = await connect(nats.optionsOf('sensor'));
  });

  after(async () => {
    await outside?.close();
    await watcher?.close();
    await deploy?.close();
    await sim?.close();
    await nats?.stop();
    await database?.drop();
  });

  /** Messages the DEPLOY stream holds on `subject`, asked as deploy (the only user who may ask about it). */
  const storedOn = async (subject: string) => {
    const nc = await connect(nats.optionsOf('deploy'));
    try {
      const info = await (await jetstreamManager(nc)).streams.info('DEPLOY', { subjects_filter: subject });
      return info.state.subjects?.[subject] ?? 0;
    } finally {
      await nc.close();
    }
  };

  it('refuses an outside system that forges a deployment success, and stores nothing', async () => {
    const forged = newCloudEvent(deploymentSucceededEvent.subject, { deploymentId: randomUUID(), appId: 'shop' }, { source: 'ci.example' });
    await assert.rejects(
      jetstream(outside).publish(forged.type, JSON.stringify(forged), { timeout: 5_000 }),
      refusedPublishTo(deploymentSucceededEvent.subject),
    );
    assert.equal(await storedOn(deploymentSucceededEvent.subject), 0);
    assert.match(nats.log(), /Publish Violation.*outside.*deploy\.evt\.deployment\.succeeded\.v1/i);
  });

  it('refuses an outside system the JetStream API: it cannot read or delete a stream', async () => {
    await assert.rejects(
      outside.request('$JS.API.STREAM.DELETE.DEPLOY', undefined, { timeout: 2_000 }),
      refusedPublishTo('$JS.API.STREAM.DELETE.DEPLOY'),
    );
    await assert.rejects(jetstreamManager(outside, { timeout: 2_000 }), refusedPublishTo('$JS.API.INFO'));
  });

  it("launches a deployment from an outside system's command, acknowledged by JetStream on its own inbox", async () => {
    const command = newCloudEvent(
      launchDeploymentCommand.subject,
      { appId: 'outside-launched', configuration: settingsApp('outside-launched') },
      {
        source: 'ci.example',
      },
    );
    const succeeded = nextDeploymentState(watcher, { to: 'SUCCESS', appId: 'outside-launched' }, 60_000);
    const ack = await jetstream(outside).publish(command.type, JSON.stringify(command), { msgID: command.id });
    assert.equal(ack.stream, 'DEPLOY');
    const { body } = await succeeded.catch(async (error: Error) => {
      const list = await request(deploy.url).get('/v1/deployments');
      throw new Error(`${error.message}; deployments: ${JSON.stringify(list.body)}; deploy log: ${logs.join('').slice(-3000)}`);
    });
    const deployment = await request(deploy.url).get(`/v1/deployments/${body.data.deploymentId}`).expect(200);
    assert.equal(deployment.body.appId, 'outside-launched');
    assert.equal(deployment.body.state, 'SUCCESS');
  });

  it('lets an outside system send a resume command and nothing else of deploy', async () => {
    const resume = newCloudEvent(resumeDeploymentCommand.subject, { deploymentId: randomUUID() }, { source: 'ticketing.example' });
    const ack = await jetstream(outside).publish(resume.type, JSON.stringify(resume), { msgID: resume.id });
    assert.equal(ack.stream, 'DEPLOY');
    await assert.rejects(
      jetstream(outside).publish('deploy.cmd.app-instance.undeploy.v1', '{}', { timeout: 5_000 }),
      refusedPublishTo('deploy.cmd.app-instance.undeploy.v1'),
    );
  });

  it("refuses a service that publishes into another service's domain", async () => {
    const forged = newCloudEvent(deploymentSucceededEvent.subject, { deploymentId: randomUUID(), appId: 'shop' }, { source: 'sensor' });
    const before = await storedOn(deploymentSucceededEvent.subject);
    await assert.rejects(
      jetstream(watcher).publish(forged.type, JSON.stringify(forged), { timeout: 5_000 }),
      refusedPublishTo(deploymentSucceededEvent.subject),
    );
    assert.equal(await storedOn(deploymentSucceededEvent.subject), before);
  });

  it('runs deploy under its user without one permissions violation', async () => {
    await eventually(async () => ((await request(deploy.url).get('/readyz')).status === 200 ? true : undefined), 10_000);
    const violations = nats
      .log()
      .split('\n')
      .filter((line) => /Violation - User "deploy"/.test(line));
    assert.deepEqual(violations, []);
  });
});
