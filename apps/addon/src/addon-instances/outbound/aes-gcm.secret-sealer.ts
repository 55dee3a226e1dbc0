import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretSealer } from '../application/addon.ports.js';

/**
 * AES-256-GCM with a key id: `v1.<kid>.<iv>.<tag>.<ciphertext>` (base64url). The first key seals; any configured key
 * opens, so a key is rotated by putting the new one first and keeping the old one until nothing uses it.
 */
export class AesGcmSecretSealer implements SecretSealer {
  private readonly keys: Map<string, Buffer>;
  private readonly current: string | undefined;

  /** `kid1:base64key,kid2:base64key`. */
  constructor(spec: string | undefined) {
    this.keys = new Map();
    for (const entry of (spec ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const at = entry.indexOf(':');
      const kid = entry.slice(0, at);
      const key = Buffer.from(entry.slice(at + 1), 'base64');
      if (at < 1 || !/^[A-Za-z0-9_-]{1,32}$/.test(kid) || key.length !== 32)
        throw new Error('ADDON_SECRETS_KEYS must be kid:base64key pairs (32-byte keys), comma-separated');
      this.keys.set(kid, key);
    }
    this.current = [...this.keys.keys()][0];
  }

  seal(values: Record<string, string>): string {
    if (!this.current) throw new Error('ADDON_SECRETS_KEYS is not configured: secret outputs cannot be stored');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.current) as Buffer, iv);
    cipher.setAAD(Buffer.from(this.current));
    const data = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
    return ['v1', this.current, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  open(sealed: string): Record<string, string> {
    const [version, kid = '', iv = '', tag = '', data = ''] = sealed.split('.');
    const key = this.keys.get(kid);
    if (version !== 'v1' || !key) throw new Error(`sealed with key "${kid}", which is not among ADDON_SECRETS_KEYS`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(kid));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const json = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    return JSON.parse(json) as Record<string, string>;
  }
}
