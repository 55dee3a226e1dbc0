import { randomBytes } from 'node:crypto';
import { errors, Provider, type Configuration, type JWK, type KoaContextWithOIDC, type ResourceServer } from 'oidc-provider';
import type { UserDirectory } from '../accounts/user-directory.js';
import { AMCTL_CLIENT_ID, API_RESOURCE, CONSOLE_CLIENT_ID, DEVICE_CODE_GRANT, FIRST_PARTY_CLIENTS } from './api-resource.js';
import { registerPasswordGrant } from './password.grant.js';

export interface IdentityProviderOptions {
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  jwks: { keys: JWK[] };
  users: UserDirectory;
  /** Where the console may send its users back to with a code (its origin is also the one CORS lets reach the token endpoint). */
  consoleRedirectUris: string[];
}

/** An OpenID provider whose access tokens for the API are JWTs with the caller's `roles` and `preferred_username`. */
export function createIdentityProvider(options: IdentityProviderOptions): { provider: Provider; apiServer: ResourceServer } {
  const apiServer: ResourceServer = {
    scope: 'api',
    audience: options.audience,
    accessTokenFormat: 'jwt',
    accessTokenTTL: options.accessTokenTtlSeconds,
    jwt: { sign: { alg: 'ES256' } },
  };
  const configuration: Configuration = {
    clients: [
      {
        client_id: AMCTL_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        id_token_signed_response_alg: 'ES256',
        grant_types: [DEVICE_CODE_GRANT, 'password', 'refresh_token'],
        response_types: [],
        redirect_uris: [],
      },
      {
        client_id: CONSOLE_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        id_token_signed_response_alg: 'ES256',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: options.consoleRedirectUris,
      },
    ],
    jwks: options.jwks,
    // a fresh key each start: cookies only live through one login
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], profile: ['preferred_username', 'roles'] },
    scopes: ['openid', 'offline_access', 'profile', 'api'],
    findAccount: (_ctx, id) => {
      const user = options.users.find(id);
      if (!user) return undefined;
      return { accountId: id, claims: () => ({ sub: id, preferred_username: id, roles: user.roles }) };
    },
    extraTokenClaims: (_ctx, token) => {
      const user = 'accountId' in token && token.accountId ? options.users.find(token.accountId) : undefined;
      return user ? { roles: user.roles, preferred_username: user.username } : undefined;
    },
    // amctl and the console are this platform's own clients: their users are not asked to consent to them
    loadExistingGrant: (ctx) => firstPartyGrant(ctx),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== API_RESOURCE) throw new errors.InvalidTarget(`unknown resource ${indicator}`);
          return apiServer;
        },
      },
    },
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 600,
      IdToken: 600,
      DeviceCode: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 14 * 86_400,
      RefreshToken: 14 * 86_400,
    },
  };
  const provider = new Provider(options.issuer, configuration);
  registerPasswordGrant(provider, options.users, apiServer);
  return { provider, apiServer };
}

async function firstPartyGrant(ctx: KoaContextWithOIDC): Promise<InstanceType<Provider['Grant']> | undefined> {
  const { client, session, provider } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const existing = session.grantIdFor(client.clientId);
  if (existing) return provider.Grant.find(existing);
  if (!FIRST_PARTY_CLIENTS.includes(client.clientId)) return undefined;
  const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  // 'api' is a scope of the provider too, so a code flow asking for it (the console) finds it granted
  grant.addOIDCScope('openid offline_access profile api');
  grant.addResourceScope(API_RESOURCE, 'api');
  await grant.save();
  return grant;
}
