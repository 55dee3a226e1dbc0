import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { nextMessage, startNatsServer, type PrivateNatsServer } from '@appmanager/testing';
import { silentLogger } from '../context/logger.port.js';
import { EventConsumer } from '../consume/event.consumer.js';
import { deferred } from '../fixtures/deferred.js';
import { probeConsumer, probeRecordedEvent } from '../fixtures/probe.contract.js';
import { EventPublisher } from '../publish/event.publisher.js';
import { ensureStreams } from '../topology/stream.topology.js';
import { currentTrace, parseTraceparent, runInTrace, type TraceContext } from './trace-context.js';

const caller = parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01') as TraceContext;

describe('trace context over NATS', () => {
  let nats: PrivateNatsServer;
  let nc: NatsConnection;
  let publisher: EventPublisher;
  let consumer: EventConsumer | undefined;

  before(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    await ensureStreams(await jetstreamManager(nc));
    publisher = new EventPublisher(nc, 'test-suite');
  });
  after(async () => {
    await consumer?.stop();
    await nc?.close();
    await nats?.stop();
  });

  it('puts the trace of the work in progress on the event, as header and CloudEvent attribute, with a span of its own', async () => {
    const received = nextMessage<{ traceparent: string }>(nc, probeRecordedEvent.subject);
    await runInTrace(caller, () => publisher.publish(probeRecordedEvent, { probe: 'trace', value: 1 }));
    const message = await received;
    const header = parseTraceparent(message.headers['traceparent']);
    assert.equal(header?.traceId, caller.traceId);
    assert.notEqual(header?.spanId, caller.spanId, 'the publish is a child span');
    assert.equal(message.body.traceparent, message.headers['traceparent']);
  });

  it('runs the consumer as a child span of the publisher, and what it publishes stays in the trace', async () => {
    const seen = deferred<{ handling: TraceContext | undefined; published: string }>();
    consumer = new EventConsumer(
      nc,
      probeConsumer,
      async (event) => {
        if ((event.data as { value: number }).value !== 2) return;
        const reply = await publisher.publish(probeRecordedEvent, { probe: 'reply', value: 3 });
        seen.resolve({ handling: currentTrace(), published: reply.event.traceparent as string });
      },
      { logger: silentLogger, pullExpiresMs: 1_000 },
    );
    await consumer.start();
    const { event } = await runInTrace(caller, () => publisher.publish(probeRecordedEvent, { probe: 'trace', value: 2 }));
    const { handling, published } = await seen.promise;
    const sent = parseTraceparent(event.traceparent) as TraceContext;
    assert.equal(handling?.traceId, caller.traceId);
    assert.notEqual(handling?.spanId, sent.spanId, 'handling is a span of its own, child of the publish');
    const reply = parseTraceparent(published);
    assert.equal(reply?.traceId, caller.traceId);
    assert.ok(reply?.spanId !== handling?.spanId && reply?.spanId !== sent.spanId);
  });

  it('starts a new trace for an event published outside of any', async () => {
    const { event } = await publisher.publish(probeRecordedEvent, { probe: 'untraced', value: 4 });
    assert.match(event.traceparent ?? '', /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    assert.notEqual(parseTraceparent(event.traceparent)?.traceId, caller.traceId);
  });
});
