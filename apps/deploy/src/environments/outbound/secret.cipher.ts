import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CredentialsUnavailableError } from '../application/environment.repository.js';

/**
 * AES-256-GCM for cluster credentials at rest. The key comes from config (DEPLOY_SECRETS_KEY, 32 bytes as
 * base64); each value gets its own IV, and the tag makes a tampered row fail to decrypt instead of misreading.
 */
export class SecretCipher {
  private readonly key: Buffer | null;

  constructor(keyBase64: string | undefined) {
    this.key = keyBase64 === undefined ? null : Buffer.from(keyBase64, 'base64');
    if (this.key && this.key.length !== 32) throw new Error(`DEPLOY_SECRETS_KEY must be 32 bytes as base64, got ${this.key.length} bytes`);
  }

  get hasKey(): boolean {
    return this.key !== null;
  }

  encrypt(plain: string): string {
    const key = this.requireKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
  }

  decrypt(sealed: string): string {
    const key = this.requireKey();
    const [version, iv, tag, data] = sealed.split(':');
    if (version !== 'v1' || !iv || !tag || data === undefined)
      throw new CredentialsUnavailableError('a stored credential is not a sealed secret');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new CredentialsUnavailableError('stored cluster credentials do not open with DEPLOY_SECRETS_KEY (was the key changed?)');
    }
  }

  private requireKey(): Buffer {
    if (!this.key)
      throw new CredentialsUnavailableError('cluster credentials cannot be stored or read: DEPLOY_SECRETS_KEY is not configured');
    return this.key;
  }
}
