import { KeyRing } from '@appmanager/service-host';
import type { SecretSealer } from '../application/addon.ports.js';

/**
 * Secret outputs at rest: AES-256-GCM with key ids (libs/service-host KeyRing). The first key of
 * ADDON_SECRETS_KEYS seals; any configured key opens, so a key is rotated by putting the new one first,
 * re-sealing (`amctl admin rotate-key --service addon`), then dropping the old one.
 */
export class AesGcmSecretSealer implements SecretSealer {
  private readonly ring: KeyRing;

  /** `kid1:base64key,kid2:base64key`. */
  constructor(spec: string | undefined) {
    this.ring = new KeyRing(spec, 'ADDON_SECRETS_KEYS');
  }

  get currentKeyId(): string | undefined {
    return this.ring.currentKeyId;
  }

  seal(values: Record<string, string>): string {
    return this.ring.seal(JSON.stringify(values));
  }

  open(sealed: string): Record<string, string> {
    return JSON.parse(this.ring.open(sealed)) as Record<string, string>;
  }

  stale(sealed: string): boolean {
    return this.ring.needsResealing(sealed);
  }
}
