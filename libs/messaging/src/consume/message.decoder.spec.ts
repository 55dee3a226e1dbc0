import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newCloudEvent } from '@appmanager/contracts';
import { probeRecordedEvent } from '../fixtures/probe.contract.js';
import { decodeMessage } from './message.decoder.js';
import { redeliveryDelayMs } from './redelivery.policy.js';
import { SlotPool } from './slot.pool.js';

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
      [newCloudEvent('state.evt.other.thing.v1', {}, { source: 's' }), 'invalid-envelope', /type: expected state\.evt\.probe\.recorded\.v1/],
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
    assert.deepEqual([1, 2, 3, 4, 9].map((count) => redeliveryDelayMs([100, 500, 2_000], count)), [100, 500, 2_000, 2_000, 2_000]);
  });
});

describe(SlotPool.name, () => {
  it('refuses a concurrency that is not a positive integer', () => {
    assert.throws(() => new SlotPool(0), /concurrency must be a positive integer, got 0/);
  });

  it('frees a slot when its work fails as well as when it succeeds', async () => {
    const pool = new SlotPool(2);
    pool.run(() => Promise.reject(new Error('boom')));
    pool.run(() => Promise.resolve());
    assert.equal(pool.free, 0);
    await pool.idle();
    assert.equal(pool.free, 2);
  });
});
