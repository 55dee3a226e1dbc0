import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { JWK } from 'oidc-provider';

/**
 * The issuer's private signing keys (a JWKS), made once and kept in `path` (mode 0600): tokens issued before a
 * restart still verify after it, since services cache the public half.
 */
export async function loadOrCreateSigningKeys(path: string): Promise<{ keys: JWK[] }> {
  if (existsSync(path)) return JSON.parse(await readFile(path, 'utf8')) as { keys: JWK[] };
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'ES256', use: 'sig' } as JWK;
  const jwks = { keys: [jwk] };
  await writeFile(path, `${JSON.stringify(jwks, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return jwks;
}
