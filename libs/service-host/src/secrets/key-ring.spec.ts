import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { KeyRing, KeyRingError } from './key-ring.js';

const aKey = () => randomBytes(32).toString('base64');

describe(KeyRing.name, () => {
  it('seals with the first key and opens with any configured one, so a key rotates without losing a secret', () => {
    const [k1, k2] = [aKey(), aKey()];
    const before = new KeyRing(`k1:${k1}`, 'KEYS').seal('token-1');
    const rotated = new KeyRing(`k2:${k2},k1:${k1}`, 'KEYS');
    assert.equal(rotated.open(before), 'token-1');
    assert.equal(rotated.needsResealing(before), true);
    const resealed = rotated.reseal(before);
    assert.equal(rotated.keyIdOf(resealed), 'k2');
    assert.equal(rotated.needsResealing(resealed), false);
    // the old key can go once nothing uses it
    assert.equal(new KeyRing(`k2:${k2}`, 'KEYS').open(resealed), 'token-1');
    assert.throws(() => new KeyRing(`k2:${k2}`, 'KEYS').open(before), /sealed with key "k1", which is not among KEYS/);
  });

  it('opens what was sealed before key ids with the single legacy key, and names what is wrong otherwise', () => {
    const key = aKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
    const data = Buffer.concat([cipher.update('old', 'utf8'), cipher.final()]);
    const legacy = ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
    const ring = new KeyRing(undefined, 'KEYS', { kid: 'default', keyBase64: key });
    assert.equal(ring.open(legacy), 'old');
    assert.equal(ring.needsResealing(legacy), true);
    assert.equal(ring.keyIdOf(ring.reseal(legacy)), 'default');
    assert.throws(() => new KeyRing(`k1:${aKey()}`, 'KEYS').open(legacy), KeyRingError);
    const tampered = ring.seal('x').replace(/\.[^.]+$/, '.AAAA');
    assert.throws(() => ring.open(tampered), /does not open with it/);
    assert.throws(() => new KeyRing('k1:short', 'KEYS'), /KEYS must be kid:base64key pairs/);
    assert.throws(() => new KeyRing(undefined, 'KEYS').seal('x'), /KEYS is not configured/);
  });
});
