import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiTokenStore } from './api-token-store.js';
import type { AuthConfig } from './auth-config.js';
import { OidcVerifier } from './oidc-verifier.js';
import { parseBinding, type Principal } from './principal.js';

/** Turns a bearer token into a principal: the bootstrap token, an API token (`amt_…`) or an issuer's JWT. */
export class Authenticator {
  private readonly oidc?: OidcVerifier;
  private readonly bootstrapDigest?: Buffer;

  constructor(
    config: AuthConfig,
    private readonly apiTokens: ApiTokenStore,
  ) {
    if (config.AUTH_OIDC_ISSUER) this.oidc = new OidcVerifier({ ...config, AUTH_OIDC_ISSUER: config.AUTH_OIDC_ISSUER });
    if (config.AUTH_BOOTSTRAP_TOKEN) this.bootstrapDigest = digest(config.AUTH_BOOTSTRAP_TOKEN);
  }

  async authenticate(token: string): Promise<Principal | { refused: string }> {
    if (this.bootstrapDigest && timingSafeEqual(digest(token), this.bootstrapDigest)) {
      return { subject: 'bootstrap', via: 'bootstrap', bindings: [{ role: 'admin', project: '*' }] };
    }
    if (ApiTokenStore.looksLikeApiToken(token)) {
      const record = await this.apiTokens.verify(token);
      if ('refused' in record) return record;
      return { subject: `api-token:${record.id} (${record.name})`, via: 'api-token', bindings: record.bindings.map(parseBinding) };
    }
    if (token.split('.').length === 3) {
      return this.oidc ? this.oidc.verify(token) : { refused: 'this service accepts no OIDC tokens (AUTH_OIDC_ISSUER is unset)' };
    }
    return { refused: 'unknown token' };
  }
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
