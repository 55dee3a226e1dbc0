import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from './auth-config.js';
import { bindingsFromClaim, type Principal } from './principal.js';

/** Verifies an issuer's access tokens (JWTs) against its JWKS: signature, `iss`, `aud`, `exp`. */
export class OidcVerifier {
  private keys?: Promise<JWTVerifyGetKey>;

  constructor(private readonly config: Required<Pick<AuthConfig, 'AUTH_OIDC_ISSUER'>> & AuthConfig) {}

  async verify(token: string): Promise<Principal | { refused: string }> {
    let keys: JWTVerifyGetKey;
    try {
      keys = await this.jwks();
    } catch (error) {
      this.keys = undefined;
      return { refused: `cannot reach the issuer ${this.config.AUTH_OIDC_ISSUER}: ${(error as Error).message}` };
    }
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: this.config.AUTH_OIDC_ISSUER,
        audience: this.config.AUTH_OIDC_AUDIENCE,
      });
      const name = typeof payload['preferred_username'] === 'string' ? ` (${payload['preferred_username']})` : '';
      return {
        subject: `${payload.sub ?? 'unknown'}${name}`,
        via: 'oidc',
        bindings: bindingsFromClaim(payload[this.config.AUTH_OIDC_ROLES_CLAIM]),
      };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { refused: 'access token expired' };
      if (error instanceof errors.JWTClaimValidationFailed) return { refused: `access token refused: ${error.message}` };
      return { refused: `access token not verified: ${(error as Error).message}` };
    }
  }

  /** The JWKS from the issuer's discovery document, fetched once and cached by jose (re-read on an unknown kid). */
  private jwks(): Promise<JWTVerifyGetKey> {
    this.keys ??= (async () => {
      const discovery = new URL('.well-known/openid-configuration', withSlash(this.config.AUTH_OIDC_ISSUER));
      const response = await fetch(discovery, { signal: AbortSignal.timeout(5_000) });
      if (!response.ok) throw new Error(`${discovery} answered ${response.status}`);
      const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: string };
      if (!jwksUri) throw new Error(`${discovery} names no jwks_uri`);
      return createRemoteJWKSet(new URL(jwksUri));
    })();
    return this.keys;
  }
}

const withSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);
