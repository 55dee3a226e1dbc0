import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MinHeap } from './min-heap.js';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe(MinHeap.name, () => {
  it('is empty at first', () => {
    const heap = new MinHeap<number>((a, b) => a < b);
    assert.equal(heap.size, 0);
    assert.equal(heap.peek(), undefined);
    assert.equal(heap.pop(), undefined);
  });

  it('pops in sorted order, duplicates included, however the pushes and pops interleave', () => {
    const random = seeded(42);
    const heap = new MinHeap<number>((a, b) => a < b);
    const model: number[] = [];
    for (let step = 0; step < 20_000; step++) {
      if (random() < 0.6 || model.length === 0) {
        const value = Math.floor(random() * 500);
        heap.push(value);
        model.push(value);
        model.sort((a, b) => a - b);
      } else {
        assert.equal(heap.pop(), model.shift());
      }
      assert.equal(heap.size, model.length);
      assert.equal(heap.peek(), model[0]);
    }
    const drained: number[] = [];
    while (heap.size > 0) drained.push(heap.pop()!);
    assert.deepEqual(drained, model);
  });
});
