import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchDeploymentCommand, type ContractData } from '@appmanager/contracts';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { nextMessage, startNatsServer, type PrivateNatsServer } from '@appmanager/testing';
import { runInEventContext } from '../context/event.context.js';
import { ensureStreams } from '../topology/stream.topology.js';
import { ContractViolationError } from './contract.validation.js';
import { EventPublisher } from './event.publisher.js';

describe(EventPublisher.name, () => {
  let nats: PrivateNatsServer;
  let nc: NatsConnection;
  let publisher: EventPublisher;

  before(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    await ensureStreams(await jetstreamManager(nc));
    publisher = new EventPublisher(nc, 'test-suite');
  });

  after(async () => {
    await nc?.close();
    await nats?.stop();
  });

  it('stores the same event once when it is published twice', async () => {
    const jsm = await jetstreamManager(nc);
    const before = (await jsm.streams.info('DEPLOY')).state.messages;
    const first = await publisher.publish(launchDeploymentCommand, { appId: 'shop', configuration: 'x: 1' });
    const again = await publisher.publishEnvelope(first.event);
    assert.equal(first.ack.duplicate, false);
    assert.equal(again.duplicate, true);
    assert.equal(again.seq, first.ack.seq);
    assert.equal((await jsm.streams.info('DEPLOY')).state.messages, before + 1);
  });

  it('wraps data in a CloudEvent with Nats-Msg-Id = event id and the correlation of the work in progress', async () => {
    const received = nextMessage<{ id: string; correlationid: string; causationid: string; source: string }>(
      nc,
      launchDeploymentCommand.subject,
    );
    const { event } = await runInEventContext({ correlationId: 'corr-42', causationId: 'cause-7' }, () =>
      publisher.publish(launchDeploymentCommand, { appId: 'shop', configuration: { kind: 'x' } }),
    );
    const message = await received;
    assert.equal(message.headers['Nats-Msg-Id'], event.id);
    assert.equal(message.body.id, event.id);
    assert.equal(message.body.correlationid, 'corr-42');
    assert.equal(message.body.causationid, 'cause-7');
    assert.equal(message.body.source, 'test-suite');
  });

  it('refuses data that breaks the contract and names the path, publishing nothing', async () => {
    const jsm = await jetstreamManager(nc);
    const before = (await jsm.streams.info('DEPLOY')).state.messages;
    const bad = { appId: 42, configuration: 'x: 1' } as unknown as ContractData<typeof launchDeploymentCommand>;
    await assert.rejects(publisher.publish(launchDeploymentCommand, bad), (error: Error) => {
      assert.ok(error instanceof ContractViolationError);
      assert.match(error.message, /deploy\.cmd\.deployment\.launch\.v1: data\.appId: .*expected string/);
      return true;
    });
    assert.equal((await jsm.streams.info('DEPLOY')).state.messages, before);
  });
});
