import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failureBackoffMs, pollDigest } from './poll-digest.js';
import { PollerStats } from './poller-stats.js';

const object = (name: string, resourceVersion: string) => ({ kind: 'Deployment', metadata: { name, namespace: 'shop', resourceVersion } });

describe('poll digest, back-off and poller figures', () => {
  it('changes when an object is created, changed or deleted, and not with the order of a LIST', () => {
    const base = pollDigest([object('a', '1'), object('b', '2')]);
    assert.equal(pollDigest([object('b', '2'), object('a', '1')]), base);
    assert.notEqual(pollDigest([object('a', '1'), object('b', '3')]), base);
    assert.notEqual(pollDigest([object('a', '1')]), base);
    assert.notEqual(pollDigest([object('a', '1'), object('b', '2'), object('c', '1')]), base);
  });

  it('backs off 5 s doubling, capped at the hourly poll of a failed cluster', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => failureBackoffMs(n)),
      [5000, 10_000, 20_000, 40_000],
    );
    assert.equal(failureBackoffMs(50), 60 * 60 * 1000);
  });

  it('keeps lag percentiles over the polls of a recent time window', () => {
    const stats = new PollerStats(10_000);
    // a takeover burst long past, then steady polls
    for (let i = 1; i <= 100; i++) stats.polled(5000, 'unchanged', 0);
    for (let i = 1; i <= 200; i++) stats.polled(i, i % 10 === 0 ? 'failed' : 'unchanged', 60_000 + i);
    assert.equal(stats.polls, 300);
    assert.equal(stats.failures, 20);
    assert.equal(stats.lagPercentile(50, 61_000), 101);
    assert.equal(stats.lagPercentile(99, 61_000), 199);
    assert.equal(stats.lagPercentile(50, 100_000), undefined, 'nothing polled in the window');
  });
});
