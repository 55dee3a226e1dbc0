import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { deadLetterSubject, newCloudEvent } from '@appmanager/contracts';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { collectMessages, eventually, nextMessage, startNatsServer, type PrivateNatsServer } from '@appmanager/testing';
import { currentCorrelationId } from '../context/event.context.js';
import { silentLogger } from '../context/logger.port.js';
import { deferred } from '../fixtures/deferred.js';
import { probeConsumer, probeRecordedEvent } from '../fixtures/probe.contract.js';
import { EventPublisher } from '../publish/event.publisher.js';
import { ensureConsumer } from '../topology/consumer.topology.js';
import { ensureStreams } from '../topology/stream.topology.js';
import { type DeadLetter } from './dead-letter.publisher.js';
import { EventConsumer, type EventConsumerOptions, type EventHandler } from './event.consumer.js';

const dlq = deadLetterSubject(probeConsumer.durable);
const fast: EventConsumerOptions = { backoffMs: [50, 100], maxDeliveries: 3, ackWaitMs: 5_000, pullExpiresMs: 1_000, logger: silentLogger };

describe(EventConsumer.name, () => {
  let nats: PrivateNatsServer;
  let nc: NatsConnection;
  let publisher: EventPublisher;
  let consumer: EventConsumer | undefined;

  beforeEach(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    await ensureStreams(await jetstreamManager(nc));
    publisher = new EventPublisher(nc, 'test-suite');
  });

  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    await nc?.close();
    await nats?.stop();
  });

  const start = async (handler: EventHandler, options: EventConsumerOptions = {}) => {
    consumer = new EventConsumer(nc, probeConsumer, handler, { ...fast, ...options });
    await consumer.start();
    return consumer;
  };

  it('never runs more handlers at once than its concurrency', async () => {
    let running = 0;
    let most = 0;
    const handled: number[] = [];
    await start(
      async (event) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 15));
        running -= 1;
        handled.push((event.data as { value: number }).value);
      },
      { concurrency: 3 },
    );
    for (let value = 0; value < 12; value += 1) await publisher.publish(probeRecordedEvent, { probe: 'load', value });
    await eventually(async () => (handled.length === 12 ? true : undefined));
    assert.equal(most, 3);
    assert.deepEqual(
      [...handled].sort((a, b) => a - b),
      [...Array(12).keys()],
    );
    await eventually(async () => (consumer?.inFlight === 0 ? true : undefined));
  });

  it('retries a failing handler with growing backoff, dead-letters it after the last attempt and goes on', async () => {
    const attempts: number[] = [];
    const goodHandled = deferred<string | undefined>();
    const deadLetter = nextMessage<DeadLetter>(nc, dlq);
    await start((event) => {
      const { probe } = event.data as { probe: string };
      if (probe === 'poison') {
        attempts.push(Date.now());
        throw new Error('cannot digest poison');
      }
      goodHandled.resolve(currentCorrelationId());
    });
    const poison = await publisher.publish(probeRecordedEvent, { probe: 'poison', value: 1 });
    const good = await publisher.publish(probeRecordedEvent, { probe: 'good', value: 2 });

    assert.equal(await goodHandled.promise, good.event.correlationid);
    const letter = (await deadLetter).body;
    assert.equal(letter.reason, 'handler-failed');
    assert.equal(letter.error, 'cannot digest poison');
    assert.equal(letter.subject, probeRecordedEvent.subject);
    assert.equal(letter.deliveryCount, 3);
    assert.deepEqual(letter.envelope, poison.event);
    assert.equal(attempts.length, 3);
    // nak delays were 50 then 100 ms: each wait is at least the configured backoff
    assert.ok(attempts[1]! - attempts[0]! >= 45, `first retry after ${attempts[1]! - attempts[0]!} ms`);
    assert.ok(attempts[2]! - attempts[1]! >= 95, `second retry after ${attempts[2]! - attempts[1]!} ms`);
    const jsm = await jetstreamManager(nc);
    const settled = await eventually(async () => {
      const info = await jsm.consumers.info('STATE', probeConsumer.durable);
      return info.num_ack_pending === 0 ? info : undefined;
    });
    assert.equal(settled.num_pending, 0);
  });

  it('dead-letters, without running the handler, a message whose last attempt died with its process', async () => {
    const handled: unknown[] = [];
    const deadLetter = nextMessage<DeadLetter>(nc, dlq);
    const spec = { maxDeliveries: 1, ackWaitMs: 300 };
    const { event } = await publisher.publish(probeRecordedEvent, { probe: 'orphan', value: 1 });
    // a replica takes the only attempt and dies: the message is never acked
    await ensureConsumer(await jetstreamManager(nc), probeConsumer, spec);
    const dying = await jetstream(nc).consumers.get('STATE', probeConsumer.durable);
    assert.equal((await dying.next())?.info.deliveryCount, 1);

    await start((received) => void handled.push(received), spec);
    const letter = (await deadLetter).body;
    assert.equal(letter.reason, 'max-deliveries');
    assert.equal(letter.deliveryCount, 2);
    assert.match(letter.error, /delivered 2 times/);
    assert.equal((letter.envelope as { id: string }).id, event.id);
    assert.equal(handled.length, 0);
  });

  it('dead-letters unreadable messages at once with the reason, never calling the handler', async () => {
    const handled: unknown[] = [];
    const letters = collectMessages<DeadLetter>(nc, dlq);
    await start((event) => void handled.push(event));
    const js = jetstream(nc);
    await js.publish(probeRecordedEvent.subject, 'not json {', { msgID: 'raw-1' });
    await js.publish(probeRecordedEvent.subject, JSON.stringify({ hello: 'world' }), { msgID: 'raw-2' });
    const badData = newCloudEvent(probeRecordedEvent.subject, { probe: 'p', value: 'seven' }, { source: 'outsider' });
    await js.publish(probeRecordedEvent.subject, JSON.stringify(badData), { msgID: badData.id });

    await eventually(async () => (letters.received.length === 3 ? true : undefined));
    letters.stop();
    const [notJson, notEvent, invalidData] = letters.received.map((message) => message.body);
    assert.equal(notJson!.reason, 'invalid-json');
    assert.equal(notJson!.raw, 'not json {');
    assert.equal(notEvent!.reason, 'invalid-envelope');
    assert.match(notEvent!.error, /not a CloudEvent: specversion: .*; id: /);
    assert.equal(invalidData!.reason, 'invalid-data');
    assert.match(invalidData!.error, /data\.value: .*expected number/);
    assert.deepEqual(invalidData!.envelope, badData);
    assert.deepEqual(
      letters.received.map((message) => message.body.deliveryCount),
      [1, 1, 1],
    );
    assert.equal(handled.length, 0);
  });

  it('stops pulling on stop(), lets in-flight handlers finish and ack, then resolves', async () => {
    const release = deferred<void>();
    const started: number[] = [];
    const finished: number[] = [];
    await start(
      async (event) => {
        const { value } = event.data as { value: number };
        started.push(value);
        await release.promise;
        finished.push(value);
      },
      { concurrency: 2 },
    );
    await publisher.publish(probeRecordedEvent, { probe: 'slow', value: 1 });
    await publisher.publish(probeRecordedEvent, { probe: 'slow', value: 2 });
    await eventually(async () => (started.length === 2 ? true : undefined));

    let stopped = false;
    const stopping = consumer!.stop().then(() => (stopped = true));
    await publisher.publish(probeRecordedEvent, { probe: 'late', value: 3 });
    assert.equal(stopped, false);
    release.resolve(undefined);
    await stopping;
    consumer = undefined;

    assert.deepEqual(finished.sort(), [1, 2]);
    const info = await (await jetstreamManager(nc)).consumers.info('STATE', probeConsumer.durable);
    assert.equal(info.ack_floor.stream_seq, 2);
    assert.equal(info.num_ack_pending, 0);
    assert.equal(started.includes(3), false);
  });
});
