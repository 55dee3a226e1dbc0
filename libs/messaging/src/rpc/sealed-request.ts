import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { canonicalJson } from '@appmanager/contracts';

/**
 * The crypto of an internal request/reply between two services sharing one secret (INTERNAL_SERVICE_KEY): the
 * requester signs, the responder checks the signature, the freshness and that the nonce is new, and seals its
 * answer to the request's nonce. One key per purpose is derived from the secret (HKDF-SHA256), so a MAC key never
 * encrypts and one protocol's keys cannot be replayed against another's.
 */
export interface SealedRequestKeys {
  readonly mac: Buffer;
  readonly seal: Buffer;
}

/** The fields every signed request carries besides its own. */
export interface SignedFields {
  nonce: string;
  issuedAt: string;
  mac: string;
}

export type RequestRefusal = 'bad-mac' | 'stale' | 'replayed';

/** A sealed answer that does not open: another key, another nonce, or changed on the way. */
export class UnsealError extends Error {
  override readonly name = 'UnsealError';
}

/** The shared secret: 32 random bytes as base64, as INTERNAL_SERVICE_KEY holds it. */
export function parseSharedKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error(`the internal service key must be 32 bytes as base64, got ${key.length} bytes`);
  return key;
}

/** Keys for one protocol, e.g. purpose `appmanager/cluster-credentials` → infos `…/mac` and `…/seal`. */
export function deriveRequestKeys(sharedKeyBase64: string, purpose: string): SealedRequestKeys {
  const secret = parseSharedKey(sharedKeyBase64);
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `${purpose}/${info}`, 32));
  return { mac: derive('mac'), seal: derive('seal') };
}

/** Both sides MAC the same bytes whatever the key order: the platform's one canonical JSON. */
export { canonicalJson };

function macOf(keys: SealedRequestKeys, fields: object): Buffer {
  return createHmac('sha256', keys.mac).update(canonicalJson(fields)).digest();
}

/** Adds a fresh nonce (16 random bytes, base64url), the time, and the MAC over all of it. */
export function signRequest<T extends object>(keys: SealedRequestKeys, body: T, now = new Date()): T & SignedFields {
  const unsigned = { ...body, nonce: randomBytes(16).toString('base64url'), issuedAt: now.toISOString() };
  return { ...unsigned, mac: macOf(keys, unsigned).toString('base64url') };
}

/** Nonces seen in the last `ttlMs`; bounded, so a flood costs memory once and then evicts the oldest. */
export class NonceLedger {
  private readonly seen: LRUCache<string, true>;

  constructor(options: { ttlMs?: number; max?: number } = {}) {
    this.seen = new LRUCache({ max: options.max ?? 100_000, ttl: options.ttlMs ?? 2 * 60_000, ttlAutopurge: false });
  }

  /** True the first time a nonce is offered within the TTL, false after. */
  claim(nonce: string): boolean {
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, true);
    return true;
  }
}

/**
 * Why a signed request is refused, or undefined when it is authentic, fresh (issued at most `maxSkewMs` from now)
 * and new. The nonce is only remembered once the MAC holds, so forged requests cannot fill the ledger.
 */
export function checkRequest<T extends SignedFields>(
  keys: SealedRequestKeys,
  request: T,
  ledger: NonceLedger,
  options: { now?: Date; maxSkewMs?: number } = {},
): RequestRefusal | undefined {
  const { mac, ...fields } = request;
  const given = Buffer.from(mac, 'base64url');
  const expected = macOf(keys, fields);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad-mac';
  const skew = Math.abs((options.now ?? new Date()).getTime() - Date.parse(request.issuedAt));
  if (!(skew <= (options.maxSkewMs ?? 60_000))) return 'stale';
  return ledger.claim(request.nonce) ? undefined : 'replayed';
}

/** AES-256-GCM with a random 12-byte IV; `aad` (the request's nonce) binds the answer to its request. */
export function seal(keys: SealedRequestKeys, plaintext: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.seal, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** Opens what `seal` made with the same keys and AAD; throws UnsealError otherwise. */
export function unseal(keys: SealedRequestKeys, sealed: string, aad: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new UnsealError('not a sealed answer');
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys.seal, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new UnsealError('the sealed answer does not open with this key and nonce');
  }
}
