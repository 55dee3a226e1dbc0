import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { canonicalJson, checkRequest, deriveRequestKeys, NonceLedger, seal, signRequest, unseal, UnsealError } from './sealed-request.js';

const purpose = 'appmanager/cluster-credentials';
const sharedKey = randomBytes(32).toString('base64');
const keys = deriveRequestKeys(sharedKey, purpose);
const body = { pollerId: 'eu-poller-0', clusterIds: ['prod-1', 'prod-2'] };

describe('sealed request', () => {
  it('accepts a request signed with the shared key, whatever the order of its fields', () => {
    const signed = signRequest(keys, body);
    const reordered = {
      mac: signed.mac,
      issuedAt: signed.issuedAt,
      clusterIds: signed.clusterIds,
      nonce: signed.nonce,
      pollerId: signed.pollerId,
    };
    assert.equal(checkRequest(keys, reordered, new NonceLedger()), undefined);
  });

  it('refuses a tampered request: another cluster id under the same MAC', () => {
    const signed = signRequest(keys, body);
    assert.equal(checkRequest(keys, { ...signed, clusterIds: ['prod-1', 'prod-3'] }, new NonceLedger()), 'bad-mac');
    assert.equal(checkRequest(keys, { ...signed, mac: signed.mac.slice(0, -2) }, new NonceLedger()), 'bad-mac');
  });

  it('refuses a request signed with another key', () => {
    const stranger = deriveRequestKeys(randomBytes(32).toString('base64'), purpose);
    assert.equal(checkRequest(keys, signRequest(stranger, body), new NonceLedger()), 'bad-mac');
  });

  it('refuses a request signed for another purpose with the same secret', () => {
    const other = deriveRequestKeys(sharedKey, 'appmanager/something-else');
    assert.equal(checkRequest(keys, signRequest(other, body), new NonceLedger()), 'bad-mac');
  });

  it('refuses a replayed nonce while it remembers it', () => {
    const ledger = new NonceLedger();
    const signed = signRequest(keys, body);
    assert.equal(checkRequest(keys, signed, ledger), undefined);
    assert.equal(checkRequest(keys, { ...signed }, ledger), 'replayed');
  });

  it('refuses a request issued more than a minute away from now, either way', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    const old = signRequest(keys, body, new Date(now.getTime() - 61_000));
    const future = signRequest(keys, body, new Date(now.getTime() + 61_000));
    const recent = signRequest(keys, body, new Date(now.getTime() - 59_000));
    assert.equal(checkRequest(keys, old, new NonceLedger(), { now }), 'stale');
    assert.equal(checkRequest(keys, future, new NonceLedger(), { now }), 'stale');
    assert.equal(checkRequest(keys, recent, new NonceLedger(), { now }), undefined);
  });

  it('does not remember the nonce of a forged request, so a forgery cannot block the real one', () => {
    const ledger = new NonceLedger();
    const signed = signRequest(keys, body);
    assert.equal(checkRequest(keys, { ...signed, pollerId: 'intruder' }, ledger), 'bad-mac');
    assert.equal(checkRequest(keys, signed, ledger), undefined);
  });

  it('opens a sealed answer only with the same key and the same request nonce', () => {
    const sealed = seal(keys, '{"token":"s3cr3t"}', 'nonce-a');
    assert.ok(!sealed.includes('s3cr3t'));
    assert.equal(unseal(keys, sealed, 'nonce-a'), '{"token":"s3cr3t"}');
    assert.throws(() => unseal(keys, sealed, 'nonce-b'), UnsealError);
    assert.throws(() => unseal(deriveRequestKeys(randomBytes(32).toString('base64'), purpose), sealed, 'nonce-a'), UnsealError);
    const [version, iv, tag, data] = sealed.split('.');
    const flipped = Buffer.from(data!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    assert.throws(() => unseal(keys, [version, iv, tag, flipped.toString('base64url')].join('.'), 'nonce-a'), UnsealError);
    assert.throws(() => unseal(keys, [version, iv, tag!.slice(0, 8), data].join('.'), 'nonce-a'), UnsealError);
  });

  it('writes canonical JSON with keys sorted at every depth and arrays in order', () => {
    assert.equal(canonicalJson({ b: [2, { d: 1, c: 'x' }], a: null }), '{"a":null,"b":[2,{"c":"x","d":1}]}');
  });

  it('refuses a shared key that is not 32 bytes', () => {
    assert.throws(() => deriveRequestKeys(randomBytes(16).toString('base64'), purpose), /32 bytes/);
  });
});
