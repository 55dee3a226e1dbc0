import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allStreams, consumers } from '@appmanager/contracts';
import { jetstreamManager, StorageType } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { startNatsServer, type PrivateNatsServer } from '@appmanager/testing';
import { ensureConsumer } from './consumer.topology.js';
import { ensureStreams } from './stream.topology.js';

describe('JetStream topology at start-up', () => {
  let nats: PrivateNatsServer;
  let replicas: NatsConnection[];

  before(async () => {
    nats = await startNatsServer();
    replicas = await Promise.all(Array.from({ length: 5 }, () => connect({ servers: nats.url })));
  });

  after(async () => {
    await Promise.all(replicas.map((nc) => nc.close()));
    await nats?.stop();
  });

  it('creates one file-backed stream per domain plus DEADLETTER when five replicas start at once', async () => {
    const managers = await Promise.all(replicas.map((nc) => jetstreamManager(nc)));
    await Promise.all(managers.map((jsm) => ensureStreams(jsm)));
    const names: string[] = [];
    for await (const info of managers[0]!.streams.list()) names.push(info.config.name);
    assert.deepEqual(names.sort(), allStreams.map((stream) => stream.name).sort());
    const deploy = await managers[0]!.streams.info('DEPLOY');
    assert.equal(deploy.config.storage, StorageType.File);
    assert.deepEqual(deploy.config.subjects, ['deploy.evt.>', 'deploy.cmd.>']);
    assert.equal(deploy.config.duplicate_window, nanos(120_000));
    assert.deepEqual((await managers[0]!.streams.info('DEADLETTER')).config.subjects, ['dlq.>']);
  });

  it('updates the streams when started again with another duplicate window', async () => {
    const jsm = await jetstreamManager(replicas[0]!);
    await Promise.all(replicas.map(async (nc) => ensureStreams(await jetstreamManager(nc), { duplicateWindowMs: 60_000 })));
    assert.equal((await jsm.streams.info('DEPLOY')).config.duplicate_window, nanos(60_000));
  });

  it('creates one durable pull consumer from five replicas, then updates it with changed options', async () => {
    const spec = consumers.deployLaunchDeployment;
    const managers = await Promise.all(replicas.map((nc) => jetstreamManager(nc)));
    await ensureStreams(managers[0]!);
    await Promise.all(managers.map((jsm) => ensureConsumer(jsm, spec, { maxDeliveries: 4, ackWaitMs: 10_000 })));
    const listed: string[] = [];
    for await (const info of managers[0]!.consumers.list('DEPLOY')) listed.push(info.name);
    assert.deepEqual(listed, ['deploy_deploy-deployment-launch-v1']);
    const created = await managers[0]!.consumers.info('DEPLOY', spec.durable);
    assert.equal(created.config.filter_subject, 'deploy.cmd.deployment.launch.v1');
    assert.equal(created.config.ack_policy, 'explicit');
    assert.equal(created.config.ack_wait, nanos(10_000));
    // one delivery more than handler attempts: see consumerConfig
    assert.equal(created.config.max_deliver, 5);

    await Promise.all(managers.map((jsm) => ensureConsumer(jsm, spec, { maxDeliveries: 7, ackWaitMs: 20_000 })));
    const updated = await managers[0]!.consumers.info('DEPLOY', spec.durable);
    assert.equal(updated.config.max_deliver, 8);
    assert.equal(updated.config.ack_wait, nanos(20_000));
  });
});
