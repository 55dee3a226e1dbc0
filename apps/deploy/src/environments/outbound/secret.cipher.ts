import { KeyRing, KeyRingError } from '@appmanager/service-host';
import { CredentialsUnavailableError } from '../application/environment.repository.js';

/**
 * Cluster credentials at rest: AES-256-GCM with key ids (libs/service-host KeyRing). DEPLOY_SECRETS_KEYS
 * (`kid:key,…`, the first seals) and/or the single DEPLOY_SECRETS_KEY (key id `default`, and the key of values
 * sealed before key ids). Each value has its own IV; the tag makes a tampered row fail instead of misreading.
 */
export class SecretCipher {
  private readonly ring: KeyRing;

  constructor(keysSpec: string | undefined, singleKeyBase64?: string) {
    this.ring = new KeyRing(keysSpec, 'DEPLOY_SECRETS_KEYS', singleKeyBase64 ? { kid: 'default', keyBase64: singleKeyBase64 } : undefined);
  }

  get hasKey(): boolean {
    return this.ring.currentKeyId !== undefined;
  }

  get currentKeyId(): string | undefined {
    return this.ring.currentKeyId;
  }

  encrypt(plain: string): string {
    this.requireKey();
    return this.ring.seal(plain);
  }

  decrypt(sealed: string): string {
    this.requireKey();
    try {
      return this.ring.open(sealed);
    } catch (error) {
      if (error instanceof KeyRingError) throw new CredentialsUnavailableError(`stored cluster credentials: ${error.message}`);
      throw error;
    }
  }

  /** Whether a stored value was sealed with another key than the current one. */
  stale(sealed: string): boolean {
    return this.ring.needsResealing(sealed);
  }

  keyIdOf(sealed: string): string {
    return this.ring.keyIdOf(sealed);
  }

  private requireKey(): void {
    if (!this.hasKey)
      throw new CredentialsUnavailableError(
        'cluster credentials cannot be stored or read: neither DEPLOY_SECRETS_KEYS nor DEPLOY_SECRETS_KEY is configured',
      );
  }
}
