import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusBackoff } from './status-backoff.js';

describe('statusBackoff', () => {
  it('checks again soon after the first miss, then backs off to a ceiling of 5 s', () => {
    const delays = statusBackoff();
    const first = Array.from({ length: 10 }, () => delays.next().value);
    assert.deepEqual(first, [50, 100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
  });
});
