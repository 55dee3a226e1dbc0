import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { afterPoll, FAILED_INTERVAL_MS, FRESH_CADENCE, intervalForTimes, intervalOf, type PollCadence } from './adaptive-interval.js';

const s = 1000;
const m = 60 * s;

describe('adaptive poll interval (AppManager table)', () => {
  const table: [number, number][] = [
    [0, 5 * s],
    [60, 5 * s],
    [61, 10 * s],
    [120, 10 * s],
    [121, 30 * s],
    [180, 30 * s],
    [181, 1 * m],
    [240, 1 * m],
    [241, 2 * m],
    [300, 2 * m],
    [301, 3 * m],
    [360, 3 * m],
    [361, 4 * m],
    [420, 4 * m],
    [421, 5 * m],
    [100_000, 5 * m],
  ];
  for (const [times, interval] of table) {
    it(`polls every ${interval / s} s after ${times} unchanged polls`, () => {
      assert.equal(intervalForTimes(times), interval);
    });
  }

  it('backs off one step per unchanged poll and starts over on a change', () => {
    let cadence: PollCadence = FRESH_CADENCE;
    for (let poll = 0; poll < 61; poll++) cadence = afterPoll(cadence, 'unchanged');
    assert.deepEqual(cadence, { times: 61, failed: false });
    assert.equal(intervalOf(cadence), 10 * s);
    assert.deepEqual(afterPoll(cadence, 'changed'), FRESH_CADENCE);
  });

  it('polls a failing cluster hourly, and fast again once a poll succeeds', () => {
    const stable: PollCadence = { times: 500, failed: false };
    const failed = afterPoll(stable, 'failed');
    assert.equal(intervalOf(failed), FAILED_INTERVAL_MS);
    assert.equal(intervalOf(afterPoll(failed, 'failed')), FAILED_INTERVAL_MS);
    const recovered = afterPoll(failed, 'unchanged');
    assert.deepEqual(recovered, FRESH_CADENCE);
    assert.equal(intervalOf(recovered), 5 * s);
  });
});
