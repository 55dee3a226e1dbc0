import { errors, type Provider, type ResourceServer } from 'oidc-provider';
import type { UserDirectory } from '../accounts/user-directory.js';
import { API_RESOURCE } from './api-resource.js';

const GRANTED_SCOPE = 'openid offline_access profile';

/**
 * The resource owner password grant (RFC 6749 4.3), which oidc-provider leaves out: for scripts that log in
 * without a browser (`amctl login --username ... --password-stdin`). Issues a JWT access token for the API
 * and a refresh token on a grant of its own, exactly as the device flow would.
 */
export function registerPasswordGrant(provider: Provider, users: UserDirectory, apiServer: ResourceServer): void {
  provider.registerGrantType(
    'password',
    async (ctx) => {
      const { username, password } = ctx.oidc.params as { username?: string; password?: string };
      if (!username || !password) throw new errors.InvalidRequest('username and password are required');
      const user = await users.authenticate(username, password);
      if (!user) throw new errors.InvalidGrant('wrong username or password');
      const client = ctx.oidc.client!;

      const grant = new provider.Grant({ accountId: user.username, clientId: client.clientId });
      grant.addOIDCScope(GRANTED_SCOPE);
      grant.addResourceScope(API_RESOURCE, 'api');
      const grantId = await grant.save();

      const accessToken = new provider.AccessToken({ accountId: user.username, client, grantId, gty: 'password', scope: 'api' });
      accessToken.resourceServer = { ...apiServer, identifier: () => API_RESOURCE } as never;
      const refreshToken = new provider.RefreshToken({
        accountId: user.username,
        client,
        grantId,
        gty: 'password',
        resource: API_RESOURCE,
        scope: GRANTED_SCOPE,
        rotations: 0,
      });
      ctx.body = {
        access_token: await accessToken.save(),
        token_type: 'Bearer',
        expires_in: accessToken.expiration,
        refresh_token: await refreshToken.save(),
        scope: 'api',
      };
    },
    ['username', 'password', 'scope', 'resource'],
  );
}
