import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from './api-error.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';

const obj = (labels: Record<string, string>, phase = 'Running') => ({
  metadata: { name: 'p', namespace: 'ns', labels },
  status: { phase },
});

describe(parseLabelSelector.name, () => {
  it('matches equality, set-based and existence requirements together', () => {
    const m = parseLabelSelector('app=web,tier in (front, edge),env!=prod,release,!canary')!;
    assert.equal(m(obj({ app: 'web', tier: 'edge', env: 'dev', release: '1' })), true);
    assert.equal(m(obj({ app: 'web', tier: 'back', env: 'dev', release: '1' })), false);
    assert.equal(m(obj({ app: 'web', tier: 'edge', env: 'dev', release: '1', canary: 'y' })), false);
    assert.equal(m(obj({ app: 'web', tier: 'edge', env: 'dev' })), false);
  });

  it('refuses a malformed selector with a 400 Status', () => {
    assert.throws(
      () => parseLabelSelector('a in b'),
      (e: unknown) => e instanceof ApiError && e.code === 400 && e.reason === 'BadRequest',
    );
  });
});

describe(parseFieldSelector.name, () => {
  it('matches nested fields with = and !=', () => {
    const m = parseFieldSelector('metadata.namespace=ns,status.phase!=Pending')!;
    assert.equal(m(obj({})), true);
    assert.equal(m(obj({}, 'Pending')), false);
  });
});
