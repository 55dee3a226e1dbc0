import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { deploymentStartedEvent, type CloudEvent } from '@appmanager/contracts';
import { jetstreamManager, type PubAck } from '@nats-io/jetstream';
import { type NatsConnection } from '@nats-io/transport-node';
import { nextMessage, type PrivateNatsServer, type TestDatabase } from '@appmanager/testing';
import { type DataSource } from 'typeorm';
import { silentLogger } from '../context/logger.port.js';
import { fixtureDataSource, fixtureSchema } from '../fixtures/outbox-service.fixture.js';
import { startOutboxTestBed, type OutboxTestBed } from '../fixtures/outbox-test-bed.js';
import { EventPublisher } from '../publish/event.publisher.js';
import { Outbox } from './outbox.js';
import { OutboxRelay } from './outbox.relay.js';

const crashFixture = fileURLToPath(new URL('../fixtures/outbox-crash.fixture.js', import.meta.url));

function runFixture(...args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [crashFixture, ...args], { stdio: ['ignore', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

/** Counts what it publishes, to show that replicas never publish a row twice. */
class CountingPublisher extends EventPublisher {
  published = 0;
  override publishEnvelope(event: CloudEvent, timeoutMs?: number): Promise<PubAck> {
    this.published += 1;
    return super.publishEnvelope(event, timeoutMs);
  }
}

const started = (deploymentId: string) => ({ deploymentId, appId: 'shop', startedAt: new Date().toISOString() });

describe('transactional outbox', () => {
  let nats: PrivateNatsServer;
  let nc: NatsConnection;
  let db: TestDatabase;
  let dataSource: DataSource;
  const outbox = new Outbox('deploy');

  const deployMessages = async () => (await (await jetstreamManager(nc)).streams.info('DEPLOY')).state.messages;
  const outboxRow = async (eventId: string) =>
    (
      (await dataSource.query(`SELECT published_at FROM ${fixtureSchema}.outbox WHERE event_id = $1`, [eventId])) as {
        published_at: Date | null;
      }[]
    )[0];

  let bed: OutboxTestBed;

  before(async () => {
    bed = await startOutboxTestBed('outbox');
    ({ nats, nc, db, dataSource } = bed);
  });

  after(() => bed?.close());

  it('publishes exactly once an event committed by a process SIGKILLed before its relay ran', async () => {
    const eventId = randomUUID();
    const before = await deployMessages();
    const crashed = await runFixture('write', db.url, 'dep-crash', eventId);
    assert.equal(crashed.signal, 'SIGKILL', crashed.stderr);
    assert.equal((await outboxRow(eventId))?.published_at, null);
    assert.equal(await deployMessages(), before);

    const restarted = await runFixture('relay', db.url, nats.url);
    assert.equal(restarted.code, 0, restarted.stderr);
    const again = await runFixture('relay', db.url, nats.url);
    assert.equal(again.code, 0, again.stderr);

    assert.equal(await deployMessages(), before + 1);
    const stored = await (await jetstreamManager(nc)).streams.getMessage('DEPLOY', { last_by_subj: deploymentStartedEvent.subject });
    assert.equal(stored?.json<CloudEvent>().id, eventId);
    assert.notEqual((await outboxRow(eventId))?.published_at, null);
    const state = await dataSource.query(`SELECT state FROM ${fixtureSchema}.deployment_state WHERE id = 'dep-crash'`);
    assert.deepEqual(state, [{ state: 'RUNNING' }]);
  });

  it('lets JetStream drop the repeat when a relay died after publishing but before marking the row', async () => {
    const event = await dataSource.transaction((manager) => outbox.add(manager, deploymentStartedEvent, started('dep-repeat')));
    const before = await deployMessages();
    // what the dead relay managed to do: publish, with the event id as Nats-Msg-Id
    await new EventPublisher(nc, 'deploy').publishEnvelope(event);
    const relay = new OutboxRelay(dataSource, new EventPublisher(nc, 'deploy'), { logger: silentLogger });
    assert.equal(await relay.relayOnce(), 1);
    assert.equal(await deployMessages(), before + 1);
    assert.notEqual((await outboxRow(event.id))?.published_at, null);
  });

  it('publishes nothing when the transaction rolls back', async () => {
    const before = await deployMessages();
    let eventId = '';
    await assert.rejects(
      dataSource.transaction(async (manager) => {
        eventId = (await outbox.add(manager, deploymentStartedEvent, started('dep-rolled-back'))).id;
        throw new Error('business rule said no');
      }),
      /business rule said no/,
    );
    const relay = new OutboxRelay(dataSource, new EventPublisher(nc, 'deploy'), { logger: silentLogger });
    assert.equal(await relay.relayOnce(), 0);
    assert.equal(await outboxRow(eventId), undefined);
    assert.equal(await deployMessages(), before);
  });

  it('refuses to write outside a transaction and refuses data that breaks the contract', async () => {
    await assert.rejects(outbox.add(dataSource.manager, deploymentStartedEvent, started('dep-x')), /open transaction/);
    await assert.rejects(
      dataSource.transaction((manager) => outbox.add(manager, deploymentStartedEvent, { ...started('dep-y'), startedAt: 'yesterday' })),
      /data\.startedAt/,
    );
  });

  it('publishes rows in the order they were written', async () => {
    const ids = await dataSource.transaction(async (manager) => {
      const written: string[] = [];
      for (let n = 0; n < 20; n += 1) written.push((await outbox.add(manager, deploymentStartedEvent, started(`dep-order-${n}`))).id);
      return written;
    });
    const jsm = await jetstreamManager(nc);
    const firstSeq = (await jsm.streams.info('DEPLOY')).state.last_seq + 1;
    const relay = new OutboxRelay(dataSource, new EventPublisher(nc, 'deploy'), { logger: silentLogger, batchSize: 8 });
    while ((await relay.relayOnce()) > 0) {
      // until the backlog is empty
    }
    const stored: string[] = [];
    for (let seq = firstSeq; seq < firstSeq + ids.length; seq += 1)
      stored.push((await jsm.streams.getMessage('DEPLOY', { seq }))!.json<CloudEvent>().id);
    assert.deepEqual(stored, ids);
  });

  it('wakes on commit (NOTIFY) rather than waiting for its slow poll', async () => {
    const relay = new OutboxRelay(dataSource, new EventPublisher(nc, 'deploy'), { logger: silentLogger, pollIntervalMs: 600_000 });
    await relay.start();
    try {
      const received = nextMessage<CloudEvent>(nc, deploymentStartedEvent.subject, { timeoutMs: 5_000 });
      const event = await dataSource.transaction((manager) => outbox.add(manager, deploymentStartedEvent, started('dep-notify')));
      assert.equal((await received).body.id, event.id);
    } finally {
      await relay.stop();
    }
  });

  it('shares a backlog between replicas, each row published by one of them only', async () => {
    const replicaSources = await Promise.all([fixtureDataSource(db.url).initialize(), fixtureDataSource(db.url).initialize()]);
    const publishers = [new CountingPublisher(nc, 'deploy'), new CountingPublisher(nc, 'deploy')];
    const relays = replicaSources.map((source, i) => new OutboxRelay(source, publishers[i]!, { logger: silentLogger, batchSize: 10 }));
    const ids = await dataSource.transaction(async (manager) => {
      const written: string[] = [];
      for (let n = 0; n < 200; n += 1) written.push((await outbox.add(manager, deploymentStartedEvent, started(`dep-bulk-${n}`))).id);
      return written;
    });
    await Promise.all(relays.map((relay) => relay.start()));
    try {
      const left = async () =>
        (await dataSource.query(`SELECT count(*)::int AS n FROM ${fixtureSchema}.outbox WHERE published_at IS NULL`))[0].n;
      while ((await left()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
      await Promise.all(replicaSources.map((source) => source.destroy()));
    }
    assert.equal(publishers[0]!.published + publishers[1]!.published, ids.length);
  });
});
