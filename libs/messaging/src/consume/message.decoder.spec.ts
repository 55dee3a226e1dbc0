import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newCloudEvent } from '@appmanager/contracts';
import type { NatsConnection } from '@nats-io/transport-node';
import { probeConsumer, probeRecordedEvent } from '../fixtures/probe.contract.js';
import { EventConsumer } from './event.consumer.js';
import { decodeMessage } from './message.decoder.js';
import { redeliveryDelayMs } from './redelivery.policy.js';

const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

describe(decodeMessage.name, () => {
  it('accepts a CloudEvent whose data fits the contract', () => {
    const event = newCloudEvent(probeRecordedEvent.subject, { probe: 'p', value: 1 }, { source: 'test' });
    const decoded = decodeMessage(bytes(event), probeRecordedEvent);
    assert.equal(decoded.ok, true);
  });

  it('names the reason and the path of what is wrong', () => {
    const cases: [unknown, string, RegExp][] = [
      ['{oops', 'invalid-json', /body is not JSON/],
      [{ specversion: '1.0', source: 's', type: probeRecordedEvent.subject, data: {} }, 'invalid-envelope', /not a CloudEvent: id: /],
      [
        newCloudEvent('state.evt.other.thing.v1', {}, { source: 's' }),
        'invalid-envelope',
        /type: expected state\.evt\.probe\.recorded\.v1/,
      ],
      [newCloudEvent(probeRecordedEvent.subject, { probe: '', value: 1 }, { source: 's' }), 'invalid-data', /data\.probe: /],
    ];
    for (const [body, reason, error] of cases) {
      const decoded = decodeMessage(bytes(body), probeRecordedEvent);
      assert.equal(decoded.ok, false);
      if (decoded.ok) continue;
      assert.equal(decoded.reason, reason);
      assert.match(decoded.error, error);
    }
  });
});

describe(redeliveryDelayMs.name, () => {
  it('grows with the delivery count and repeats its last delay', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 9].map((count) => redeliveryDelayMs([100, 500, 2_000], count)),
      [100, 500, 2_000, 2_000, 2_000],
    );
  });

  it('starts from the first delay for a first or unknown delivery count', () => {
    assert.deepEqual(
      [0, 1].map((count) => redeliveryDelayMs([100, 500], count)),
      [100, 100],
    );
    assert.equal(redeliveryDelayMs([250], 7), 250);
  });
});

describe(`${EventConsumer.name} options`, () => {
  it('refuses a concurrency that is not a positive integer', () => {
    const nc = {} as NatsConnection;
    for (const concurrency of [0, -1, 1.5]) {
      assert.throws(
        () => new EventConsumer(nc, probeConsumer, () => undefined, { concurrency }),
        new RegExp(`concurrency must be a positive integer, got ${concurrency}`),
      );
    }
  });
});
