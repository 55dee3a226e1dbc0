import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newCloudEvent, type CloudEvent } from '@appmanager/contracts';
import { jetstream } from '@nats-io/jetstream';
import { type NatsConnection } from '@nats-io/transport-node';
import { eventually } from '@appmanager/testing';
import { type DataSource } from 'typeorm';
import { EventConsumer } from '../consume/event.consumer.js';
import { silentLogger } from '../context/logger.port.js';
import { fixtureSchema } from '../fixtures/outbox-service.fixture.js';
import { startOutboxTestBed, type OutboxTestBed } from '../fixtures/outbox-test-bed.js';
import { probeConsumer, probeRecordedEvent } from '../fixtures/probe.contract.js';
import { processOnce } from './processed-event.guard.js';

describe(processOnce.name, () => {
  let nc: NatsConnection;
  let dataSource: DataSource;

  let bed: OutboxTestBed;

  before(async () => {
    bed = await startOutboxTestBed('inbox');
    ({ nc, dataSource } = bed);
  });

  after(() => bed?.close());

  const sideEffects = async (id: string) =>
    (await dataSource.query(`SELECT count(*)::int AS n FROM ${fixtureSchema}.deployment_state WHERE id = $1`, [id]))[0].n as number;

  it('applies the side effect once for an event published twice, and once for one redelivered after a failure that came after commit', async () => {
    const deliveries: { id: string; attempt: number; applied: boolean }[] = [];
    const failedAfterCommit = new Set<string>();
    const consumer = new EventConsumer(
      nc,
      probeConsumer,
      async (event: CloudEvent, delivery) => {
        const outcome = await processOnce(dataSource, probeConsumer.durable, event.id, (manager) =>
          manager.query(`INSERT INTO ${fixtureSchema}.deployment_state (id, state) VALUES ($1, 'SEEN')`, [event.id]),
        );
        deliveries.push({ id: event.id, attempt: delivery.deliveryCount, applied: outcome.applied });
        const { probe } = event.data as { probe: string };
        // the transaction committed; the process then fails before it could ack
        if (probe === 'flaky' && !failedAfterCommit.has(event.id)) {
          failedAfterCommit.add(event.id);
          throw new Error('lost the connection after commit');
        }
      },
      { backoffMs: [20], maxDeliveries: 3, pullExpiresMs: 1_000, logger: silentLogger },
    );
    await consumer.start();
    try {
      const js = jetstream(nc);
      // the same CloudEvent published twice under different Nats-Msg-Ids: JetStream stores both
      const twice = newCloudEvent(probeRecordedEvent.subject, { probe: 'twice', value: 1 }, { source: 'outsider' });
      await js.publish(twice.type, JSON.stringify(twice), { msgID: 'first-try' });
      await js.publish(twice.type, JSON.stringify(twice), { msgID: 'second-try' });
      const flaky = newCloudEvent(probeRecordedEvent.subject, { probe: 'flaky', value: 2 }, { source: 'outsider' });
      await js.publish(flaky.type, JSON.stringify(flaky), { msgID: flaky.id });

      await eventually(async () => (deliveries.length === 4 ? true : undefined));
      // the two copies may be handled at once: one applies, the other waits on its row lock and skips
      assert.deepEqual(
        deliveries
          .filter((d) => d.id === twice.id)
          .map((d) => d.applied)
          .sort(),
        [false, true],
      );
      assert.deepEqual(
        deliveries.filter((d) => d.id === flaky.id).map((d) => [d.attempt, d.applied]),
        [
          [1, true],
          [2, false],
        ],
      );
      assert.equal(await sideEffects(twice.id), 1);
      assert.equal(await sideEffects(flaky.id), 1);
    } finally {
      await consumer.stop();
    }
  });

  it('keeps three concurrent deliveries of one event to one side effect', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        processOnce(dataSource, 'racer', 'evt-race', (manager) =>
          manager.query(`INSERT INTO ${fixtureSchema}.deployment_state (id, state) VALUES ('evt-race', 'SEEN')`),
        ),
      ),
    );
    assert.equal(results.filter((result) => result.applied).length, 1);
    assert.equal(await sideEffects('evt-race'), 1);
  });
});
