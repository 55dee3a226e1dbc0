import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hash53, ownedBy, ownerOf } from './rendezvous.js';

const clusters = Array.from({ length: 10_000 }, (_, i) => `cluster-${i}`);
const pollers = (n: number, prefix = 'poller') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

function owners(members: readonly string[]): Map<string, string | undefined> {
  return new Map(clusters.map((clusterId) => [clusterId, ownerOf(clusterId, members)]));
}

function movedCount(before: Map<string, string | undefined>, after: Map<string, string | undefined>): number {
  let moved = 0;
  for (const [clusterId, owner] of before) if (after.get(clusterId) !== owner) moved++;
  return moved;
}

/** busiest ÷ mean clusters per poller */
function balance(members: readonly string[]): number {
  const counts = new Map(members.map((member) => [member, 0]));
  for (const clusterId of clusters) {
    const owner = ownerOf(clusterId, members)!;
    counts.set(owner, counts.get(owner)! + 1);
  }
  return Math.max(...counts.values()) / (clusters.length / members.length);
}

describe('rendezvous ownership', () => {
  it('gives every cluster the same owner whatever the order the members are listed in', () => {
    const members = pollers(7);
    const reversed = [...members].reverse();
    for (const clusterId of clusters.slice(0, 1000)) assert.equal(ownerOf(clusterId, members), ownerOf(clusterId, reversed));
  });

  it('owns nothing without a live poller, and everything with one', () => {
    assert.equal(ownerOf('cluster-1', []), undefined);
    assert.deepEqual(ownedBy('only', clusters.slice(0, 50), ['only']), clusters.slice(0, 50));
  });

  // One join moves exactly the newcomer's share, a binomial draw around the ideal (at n = 20 a
  // single join lands anywhere in about 0.91–1.09 × ideal); the mean over ten joins is the figure.
  it('moves clusters on a join only to the newcomer, about 1/(n+1) of them on average', () => {
    for (const n of [2, 5, 10, 20]) {
      const before = owners(pollers(n));
      let moved = 0;
      for (let trial = 0; trial < 10; trial++) {
        const newcomer = `newcomer-${trial}`;
        const after = owners([...pollers(n), newcomer]);
        for (const [clusterId, owner] of after) if (owner !== before.get(clusterId)) assert.equal(owner, newcomer);
        moved += movedCount(before, after);
      }
      const ratio = moved / 10 / (clusters.length / (n + 1));
      assert.ok(ratio >= 0.95 && ratio <= 1.05, `join ${n}→${n + 1}: ${ratio.toFixed(3)} × ideal`);
    }
  });

  it("moves only the leaver's clusters when a poller leaves, about 1/n of them on average", () => {
    for (const n of [3, 6, 11, 21]) {
      const members = pollers(n);
      const before = owners(members);
      let moved = 0;
      for (const leaver of members.slice(0, 10)) {
        const after = owners(members.filter((member) => member !== leaver));
        const held = [...before.values()].filter((owner) => owner === leaver).length;
        assert.equal(movedCount(before, after), held);
        moved += held;
      }
      const leaves = Math.min(10, n);
      const ratio = moved / leaves / (clusters.length / n);
      assert.ok(ratio >= 0.95 && ratio <= 1.05, `leave ${n}→${n - 1}: ${ratio.toFixed(3)} × ideal`);
    }
  });

  // 10k clusters over 20 pollers is 500 ± 22 each: the busiest of 20 sits about 2σ above the mean
  it('keeps the busiest poller within 1.15 × the mean at 5 and 20 pollers', () => {
    for (const n of [5, 20]) {
      const measured = balance(pollers(n));
      assert.ok(measured <= 1.15, `${n} pollers: busiest ÷ mean ${measured.toFixed(3)}`);
    }
  });

  it('hashes stably across runs and spreads similar keys apart', () => {
    assert.equal(hash53('poller-1|cluster-1'), hash53('poller-1|cluster-1'));
    assert.notEqual(hash53('poller-1|cluster-1'), hash53('poller-1|cluster-2'));
    assert.ok(hash53('a') <= Number.MAX_SAFE_INTEGER);
  });
});
