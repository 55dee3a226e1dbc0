import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { AesGcmSecretSealer } from './aes-gcm.secret-sealer.js';

const key = () => randomBytes(32).toString('base64');

describe(AesGcmSecretSealer.name, () => {
  it('opens what an older key sealed after a rotation, and never shows the value in the sealed text', () => {
    const [old, fresh] = [key(), key()];
    const sealed = new AesGcmSecretSealer(`k1:${old}`).seal({ password: 'correct horse battery' });
    assert.doesNotMatch(sealed, /correct horse/);
    const rotated = new AesGcmSecretSealer(`k2:${fresh},k1:${old}`);
    assert.deepEqual(rotated.open(sealed), { password: 'correct horse battery' });
    assert.match(rotated.seal({ a: 'b' }), /^v2\.k2\./);
    assert.equal(rotated.stale(sealed), true, 'sealed with k1: to be re-sealed');
  });

  it('refuses a value sealed with a key it does not hold', () => {
    const sealed = new AesGcmSecretSealer(`k1:${key()}`).seal({ a: 'b' });
    assert.throws(() => new AesGcmSecretSealer(`k2:${key()}`).open(sealed), /key "k1"/);
  });
});
