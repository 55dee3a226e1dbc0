import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateSecrets, splitOutputs } from './outputs.js';

describe('add-on outputs', () => {
  const declarations = [
    { name: 'host', secret: false },
    { name: 'password', secret: true, generate: 'password' as const },
    { name: 'uri', secret: false },
  ];

  it('keeps secret outputs apart, and any output that embeds a secret value too', () => {
    const secrets = generateSecrets(declarations);
    assert.deepEqual(Object.keys(secrets), ['password']);
    const uri = `postgres://orders:${secrets['password']}@db:5432/orders`;
    const split = splitOutputs(declarations, { host: 'db', password: secrets['password'], uri }, secrets);
    assert.deepEqual(split.publicOutputs, { host: 'db' });
    assert.deepEqual(Object.keys(split.secretOutputs).sort(), ['password', 'uri']);
  });
});
