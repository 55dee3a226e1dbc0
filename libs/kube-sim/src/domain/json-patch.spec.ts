import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from './api-error.js';
import { applyJsonPatch } from './json-patch.js';

describe(applyJsonPatch.name, () => {
  it('applies add, replace, remove, move and copy in order', () => {
    const out = applyJsonPatch({ a: { b: 1 }, list: [1, 2] }, [
      { op: 'add', path: '/list/-', value: 3 },
      { op: 'replace', path: '/a/b', value: 2 },
      { op: 'copy', from: '/a', path: '/c' },
      { op: 'move', from: '/list/0', path: '/first' },
      { op: 'remove', path: '/a' },
    ]);
    assert.deepEqual(out, { list: [2, 3], c: { b: 2 }, first: 1 });
  });

  it('fails a test operation or a missing path with a 422 Status and leaves the input alone', () => {
    const input = { a: 1 };
    assert.throws(
      () => applyJsonPatch(input, [{ op: 'test', path: '/a', value: 2 }]),
      (e: unknown) => e instanceof ApiError && e.code === 422,
    );
    assert.throws(
      () => applyJsonPatch(input, [{ op: 'remove', path: '/missing' }]),
      (e: unknown) => e instanceof ApiError && e.code === 422,
    );
    assert.deepEqual(input, { a: 1 });
  });
});
