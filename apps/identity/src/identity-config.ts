import { z } from 'zod';

/** The local issuer's settings, from the environment. */
export const identityConfigSchema = z.object({
  IDENTITY_HOST: z.string().default('127.0.0.1'),
  IDENTITY_PORT: z.coerce.number().int().min(0).max(65_535).default(3010),
  /** The URL the issuer is reached at, and the `iss` of its tokens; default `http://<host>:<port>`. */
  IDENTITY_ISSUER: z.url().optional(),
  /** The users who may log in: `{users: [{username, passwordHash, roles}]}`. */
  IDENTITY_USERS_FILE: z.string().min(1),
  /** The signing keys, made on first start when the file does not exist. */
  IDENTITY_JWKS_FILE: z.string().min(1),
  /** The `aud` of access tokens: what services check as AUTH_OIDC_AUDIENCE. */
  IDENTITY_AUDIENCE: z.string().min(1).default('appmanager'),
  IDENTITY_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).default(3600),
  /** The web console's redirect URIs, comma-separated (a console on another port needs its own). */
  IDENTITY_CONSOLE_REDIRECT_URIS: z
    .string()
    .default('http://127.0.0.1:3008/callback')
    .transform((value) =>
      value
        .split(',')
        .map((uri) => uri.trim())
        .filter((uri) => uri.length > 0),
    ),
});

export type IdentityConfig = z.infer<typeof identityConfigSchema> & { IDENTITY_ISSUER: string };

export function readIdentityConfig(env: NodeJS.ProcessEnv): IdentityConfig {
  const parsed = identityConfigSchema.safeParse(env);
  if (!parsed.success) throw new Error(`identity configuration: ${z.prettifyError(parsed.error)}`);
  const config = parsed.data;
  return { ...config, IDENTITY_ISSUER: config.IDENTITY_ISSUER ?? `http://${config.IDENTITY_HOST}:${config.IDENTITY_PORT}` };
}
