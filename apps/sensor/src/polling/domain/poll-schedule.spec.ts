import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PollSchedule } from './poll-schedule.js';

const clusterIds = (n: number) => Array.from({ length: n }, (_, i) => `cluster-${i}`);

describe(PollSchedule.name, () => {
  it('spreads the first polls of many clusters over the first interval instead of polling them at once', () => {
    const schedule = new PollSchedule({ jitter: 0 });
    for (const clusterId of clusterIds(10_000)) schedule.track(clusterId, 0);
    // five 1-second buckets of the 5 s first interval each get about a fifth
    const perSecond = [0, 1, 2, 3, 4].map((second) => schedule.takeDue(second * 1000 + 999).length);
    assert.equal(
      perSecond.reduce((a, b) => a + b),
      10_000,
    );
    for (const count of perSecond) assert.ok(count > 1800 && count < 2200, `per second: ${perSecond.join(', ')}`);
  });

  it('gives the same cluster the same offset in every process, and another offset under another seed', () => {
    const first = new PollSchedule();
    const second = new PollSchedule();
    const salted = new PollSchedule({ offsetSeed: 7 });
    const dueAt = (schedule: PollSchedule) => {
      schedule.track('cluster-42', 0);
      for (let t = 0; t < 5000; t++) if (schedule.takeDue(t).length > 0) return t;
      return undefined;
    };
    const offset = dueAt(first);
    assert.equal(dueAt(second), offset);
    assert.notEqual(dueAt(salted), offset);
  });

  it('hands out due clusters earliest first, up to the limit, and not again while in flight', () => {
    const schedule = new PollSchedule({ jitter: 0 });
    for (const clusterId of clusterIds(100)) schedule.track(clusterId, 0);
    const firstBatch = schedule.takeDue(10_000, 30);
    assert.equal(firstBatch.length, 30);
    const rest = schedule.takeDue(10_000);
    assert.equal(rest.length, 70);
    assert.equal(new Set([...firstBatch, ...rest]).size, 100);
    assert.deepEqual(schedule.takeDue(1_000_000), [], 'in flight until their outcome is recorded');
    assert.equal(schedule.nextDueAt(), undefined);
  });

  it('schedules the next poll by the adaptive interval, jittered within ±10 %', () => {
    const random = [0, 0.5, 0.999];
    const schedule = new PollSchedule({ random: () => random.shift()! });
    schedule.track('c', 0);
    assert.deepEqual(schedule.takeDue(5000), ['c']);
    assert.equal(schedule.record('c', 'unchanged', 10_000), 10_000 + 4500);
    assert.deepEqual(schedule.takeDue(14_500), ['c']);
    assert.equal(schedule.record('c', 'unchanged', 20_000), 20_000 + 5000);
    assert.deepEqual(schedule.takeDue(25_000), ['c']);
    assert.equal(schedule.record('c', 'failed', 30_000), 30_000 + Math.round(3_600_000 * 1.0998));
    assert.equal(schedule.nextDueAt(), 30_000 + Math.round(3_600_000 * 1.0998));
  });

  it('backs a stable cluster off to 5 minutes and returns it to 5 s on a change', () => {
    const schedule = new PollSchedule({ jitter: 0 });
    schedule.track('c', 0);
    let now = 0;
    for (let poll = 0; poll < 425; poll++) {
      now = schedule.nextDueAt()!;
      assert.deepEqual(schedule.takeDue(now), ['c']);
      schedule.record('c', 'unchanged', now);
    }
    assert.equal(schedule.nextDueAt()! - now, 300_000);
    now = schedule.nextDueAt()!;
    schedule.takeDue(now);
    assert.equal(schedule.record('c', 'changed', now), now + 5000);
  });

  it('forgets an untracked cluster, and a cluster tracked again starts afresh without a stale double', () => {
    const schedule = new PollSchedule({ jitter: 0 });
    schedule.track('gone', 0);
    schedule.track('kept', 0);
    schedule.untrack('gone');
    assert.equal(schedule.has('gone'), false);
    assert.deepEqual(schedule.takeDue(5000), ['kept']);
    schedule.track('back', 0);
    schedule.untrack('back');
    schedule.track('back', 0);
    assert.deepEqual(schedule.takeDue(5000), ['back']);
    assert.deepEqual(schedule.takeDue(1_000_000), []);
    assert.equal(schedule.record('gone', 'changed', 0), undefined);
  });
});
