// bench:events — publish-with-ack throughput and publish->handler latency through libs/messaging,
// beside the raw @nats-io/jetstream client on the same private nats-server.
import { newCloudEvent } from '@appmanager/contracts';
import { AckPolicy, jetstream, jetstreamManager, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startNatsServer } from '@appmanager/testing';
import { EventConsumer } from '../consume/event.consumer.js';
import { silentLogger } from '../context/logger.port.js';
import { probeConsumer, probeRecordedEvent } from '../fixtures/probe.contract.js';
import { EventPublisher } from '../publish/event.publisher.js';
import { ensureStreams } from '../topology/stream.topology.js';
import { machine, percentile, windowed } from './bench.stats.js';

const publishTotal = Number(process.env['BENCH_MESSAGES'] ?? 20_000);
const latencyTotal = Number(process.env['BENCH_LATENCY_MESSAGES'] ?? 3_000);
const inFlight = Number(process.env['BENCH_IN_FLIGHT'] ?? 256);
// 1 = one message at a time: latency without queueing; raise it to see latency under load
const latencyInFlight = Number(process.env['BENCH_LATENCY_IN_FLIGHT'] ?? 1);
const subject = probeRecordedEvent.subject;

interface Figures {
  msgsPerSecond: number;
  p50: number;
  p99: number;
}

async function rawRun(nc: NatsConnection, jsm: JetStreamManager): Promise<Figures> {
  const js = jetstream(nc);
  const body = (i: number) => JSON.stringify(newCloudEvent(subject, { probe: 'raw', value: i }, { source: 'bench' }));
  const t0 = performance.now();
  await windowed(publishTotal, inFlight, (i) => js.publish(subject, body(i), { msgID: `raw-${i}` }));
  const msgsPerSecond = publishTotal / ((performance.now() - t0) / 1000);
  await jsm.streams.purge('STATE');

  await jsm.consumers.add('STATE', { durable_name: 'bench_raw', filter_subject: subject, ack_policy: AckPolicy.Explicit });
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const messages = await (
    await js.consumers.get('STATE', 'bench_raw')
  ).consume({
    callback: (msg: JsMsg) => {
      const { value } = msg.json<{ data: { value: number } }>().data;
      latencies.push(performance.now() - sentAt.get(value)!);
      msg.ack();
      if (latencies.length === latencyTotal) done();
    },
  });
  await windowed(latencyTotal, latencyInFlight, (i) => {
    sentAt.set(i, performance.now());
    return js.publish(subject, body(i), { msgID: `raw-lat-${i}` });
  });
  await all;
  await messages.close();
  await jsm.consumers.delete('STATE', 'bench_raw');
  await jsm.streams.purge('STATE');
  return { msgsPerSecond, ...summarise(latencies) };
}

async function libRun(nc: NatsConnection): Promise<Figures> {
  const publisher = new EventPublisher(nc, 'bench');
  const jsm = await jetstreamManager(nc);
  const t0 = performance.now();
  await windowed(publishTotal, inFlight, (i) => publisher.publish(probeRecordedEvent, { probe: 'lib', value: i }));
  const msgsPerSecond = publishTotal / ((performance.now() - t0) / 1000);
  await jsm.streams.purge('STATE');

  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const consumer = new EventConsumer(
    nc,
    probeConsumer,
    (event) => {
      const { value } = event.data as { value: number };
      latencies.push(performance.now() - sentAt.get(value)!);
      if (latencies.length === latencyTotal) done();
    },
    { concurrency: 64, logger: silentLogger },
  );
  await consumer.start();
  await windowed(latencyTotal, latencyInFlight, (i) => {
    sentAt.set(i, performance.now());
    return publisher.publish(probeRecordedEvent, { probe: 'lib', value: i });
  });
  await all;
  await consumer.stop();
  return { msgsPerSecond, ...summarise(latencies) };
}

function summarise(latencies: number[]): Omit<Figures, 'msgsPerSecond'> {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

const row = (label: string, f: Figures) =>
  `${label.padEnd(16)} ${f.msgsPerSecond.toFixed(0).padStart(10)} msgs/s   p50 ${f.p50.toFixed(2).padStart(7)} ms   p99 ${f.p99.toFixed(2).padStart(7)} ms`;

const nats = await startNatsServer();
const nc = await connect({ servers: nats.url });
try {
  const jsm = await jetstreamManager(nc);
  await ensureStreams(jsm);
  console.log(`machine: ${machine()}`);
  console.log(
    `publish: ${publishTotal} messages with ack, ${inFlight} in flight; latency: ${latencyTotal} messages, ${latencyInFlight} in flight, publish -> handler`,
  );
  const raw = await rawRun(nc, jsm);
  const lib = await libRun(nc);
  console.log(row('raw jetstream', raw));
  console.log(row('libs/messaging', lib));
  console.log(
    `overhead (libs/messaging vs raw): throughput ${((100 * lib.msgsPerSecond) / raw.msgsPerSecond).toFixed(0)}% of raw, ` +
      `latency p50 x${(lib.p50 / raw.p50).toFixed(2)}, p99 x${(lib.p99 / raw.p99).toFixed(2)}`,
  );
} finally {
  await nc.close();
  await nats.stop();
}
