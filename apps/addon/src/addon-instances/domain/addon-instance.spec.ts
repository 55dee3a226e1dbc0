import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attributesHash, instanceNameOf } from './addon-instance.js';

describe('add-on instance identity', () => {
  it('hashes attributes the same whatever the order of their keys', () => {
    assert.equal(attributesHash({ a: 1, b: { c: [1, 2], d: 'x' } }), attributesHash({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    assert.notEqual(attributesHash({ a: 1 }), attributesHash({ a: 2 }));
  });

  it('names an instance DNS-safe from its add-on name and id', () => {
    assert.equal(instanceNameOf('Orders_DB', '3f2a9c1d-0000-4000-8000-000000000000'), 'orders-db-3f2a9c1d');
  });
});
