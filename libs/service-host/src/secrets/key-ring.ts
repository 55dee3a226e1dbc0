import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A sealed value's key is not configured, or the value is not what was sealed (tampered, or another key). */
export class KeyRingError extends Error {
  override readonly name = 'KeyRingError';
}

const kidPattern = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * AES-256-GCM with key ids, for secrets at rest: `v2.<kid>.<iv>.<tag>.<ciphertext>` (base64url, the key id bound
 * as additional data). The first key seals; every configured key opens, so a key is rotated by putting a new one
 * first, re-sealing what the old one sealed (`needsResealing`), then dropping the old one.
 */
export class KeyRing {
  private readonly keys = new Map<string, Buffer>();

  /**
   * `spec`: `kid1:base64key,kid2:base64key` (32-byte keys), the first the current one. `name` names the setting in
   * errors. `legacy`: a single key that sealed values before key ids (their `v1:` form opens with it).
   */
  constructor(
    spec: string | undefined,
    private readonly name: string,
    private readonly legacy?: { kid: string; keyBase64: string },
  ) {
    for (const entry of (spec ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const at = entry.indexOf(':');
      const kid = entry.slice(0, at);
      const key = Buffer.from(entry.slice(at + 1), 'base64');
      if (at < 1 || !kidPattern.test(kid) || key.length !== 32)
        throw new Error(`${name} must be kid:base64key pairs (32-byte keys), comma-separated`);
      if (this.keys.has(kid)) throw new Error(`${name} names key "${kid}" twice`);
      this.keys.set(kid, key);
    }
    if (legacy) {
      const key = Buffer.from(legacy.keyBase64, 'base64');
      if (key.length !== 32) throw new Error(`the single key of ${name} must be 32 bytes as base64, got ${key.length} bytes`);
      if (!this.keys.has(legacy.kid)) this.keys.set(legacy.kid, key);
    }
  }

  /** The key id new values are sealed with, if any key is configured. */
  get currentKeyId(): string | undefined {
    return [...this.keys.keys()][0];
  }

  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  seal(plain: string): string {
    const kid = this.currentKeyId;
    if (!kid) throw new KeyRingError(`${this.name} is not configured: secrets cannot be stored`);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(kid) as Buffer, iv);
    cipher.setAAD(Buffer.from(kid));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v2', kid, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  open(sealed: string): string {
    if (sealed.startsWith('v1:')) return this.openLegacy(sealed);
    const [version, kid = '', iv = '', tag = '', data = ''] = sealed.split('.');
    const key = this.keys.get(kid);
    // v1 (dotted): the add-on service's form before this ring, the same layout and binding
    if (version !== 'v2' && version !== 'v1') throw new KeyRingError('not a sealed secret');
    if (!key) throw new KeyRingError(`sealed with key "${kid}", which is not among ${this.name}`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(kid));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new KeyRingError(`a secret sealed with key "${kid}" does not open with it (tampered?)`);
    }
  }

  /** The key id a sealed value was sealed with (`legacy` for the form without one). */
  keyIdOf(sealed: string): string {
    if (sealed.startsWith('v1:')) return this.legacy?.kid ?? 'legacy';
    return sealed.split('.')[1] ?? '';
  }

  /** True when the value was sealed with another key than the current one (or before key ids). */
  needsResealing(sealed: string): boolean {
    return !sealed.startsWith('v2.') || this.keyIdOf(sealed) !== this.currentKeyId;
  }

  /** The value sealed with the current key (opened with whichever key sealed it). */
  reseal(sealed: string): string {
    return this.seal(this.open(sealed));
  }

  /** `v1:<iv>:<tag>:<data>` (base64), what deploy wrote before key ids, with the single legacy key. */
  private openLegacy(sealed: string): string {
    const key = this.legacy ? this.keys.get(this.legacy.kid) : undefined;
    if (!key) throw new KeyRingError(`a secret sealed before key ids needs the single key of ${this.name}`);
    const [, iv = '', tag = '', data = ''] = sealed.split(':');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new KeyRingError(`a secret sealed before key ids does not open with the single key of ${this.name}`);
    }
  }
}
