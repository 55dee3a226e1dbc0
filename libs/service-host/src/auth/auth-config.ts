import { z } from 'zod';

/** How callers prove who they are; every service reads the same variables. */
export const authConfigSchema = z.object({
  /** The OIDC issuer whose access tokens are accepted (its JWKS from discovery); unset: none are. */
  AUTH_OIDC_ISSUER: z.url({ message: 'expected the issuer URL, e.g. http://127.0.0.1:3010' }).optional(),
  /** The `aud` an access token must carry. */
  AUTH_OIDC_AUDIENCE: z.string().min(1).default('appmanager'),
  /** The claim holding the caller's roles: `admin`, `app-team@shop`, ... */
  AUTH_OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
  /**
   * A token that is `admin` everywhere, for the first login and for automation that predates the
   * issuer (as Vault's root token): at least 32 characters; unset in production once tokens exist.
   */
  AUTH_BOOTSTRAP_TOKEN: z.string().min(32, { message: 'expected at least 32 characters' }).optional(),
});

export type AuthConfig = z.infer<typeof authConfigSchema>;
