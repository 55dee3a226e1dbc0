import * as oidc from 'openid-client';

/** The client id amctl has at the issuer: a public client, no secret. */
export const AMCTL_CLIENT_ID = 'amctl';
const SCOPE = 'openid offline_access';

/** What a login yields: an access token for the API, maybe a refresh token, and when the access token expires. */
export interface IssuedTokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: string;
}

/** The device flow's instructions for the user: where to go and which code to enter. */
export interface DevicePrompt {
  verificationUri: string;
  verificationUriComplete?: string;
  userCode: string;
}

/** The issuer as amctl talks to it (OIDC discovery, then token requests); errors carry the issuer's words. */
export class IssuerClient {
  private constructor(private readonly config: oidc.Configuration) {}

  static async discover(issuer: string): Promise<IssuerClient> {
    const url = new URL(issuer);
    // plain HTTP only for an issuer on this machine (the one `npm run up` starts)
    const local = url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    try {
      const config = await oidc.discovery(url, AMCTL_CLIENT_ID, { id_token_signed_response_alg: 'ES256' }, oidc.None(), {
        execute: local ? [oidc.allowInsecureRequests] : [],
      });
      return new IssuerClient(config);
    } catch (error) {
      throw new Error(`cannot use the issuer ${issuer}: ${describe(error)}`);
    }
  }

  async password(username: string, password: string): Promise<IssuedTokens> {
    try {
      return issued(await oidc.genericGrantRequest(this.config, 'password', { username, password, scope: SCOPE }));
    } catch (error) {
      if (error instanceof oidc.ResponseBodyError && error.error === 'invalid_grant') {
        throw new Error(`login refused: wrong username or password for "${username}"`);
      }
      throw new Error(`login failed: ${describe(error)}`);
    }
  }

  /** The device flow: `prompt` is told where the user confirms, then this waits until they have (or the code expires). */
  async device(prompt: (instructions: DevicePrompt) => void): Promise<IssuedTokens> {
    try {
      const started = await oidc.initiateDeviceAuthorization(this.config, { scope: SCOPE });
      prompt({
        verificationUri: started.verification_uri,
        verificationUriComplete: started.verification_uri_complete,
        userCode: started.user_code,
      });
      return issued(await oidc.pollDeviceAuthorizationGrant(this.config, started));
    } catch (error) {
      throw new Error(`login failed: ${describe(error)}`);
    }
  }

  async refresh(refreshToken: string): Promise<IssuedTokens> {
    return issued(await oidc.refreshTokenGrant(this.config, refreshToken));
  }
}

function issued(response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): IssuedTokens {
  const expiresIn = response.expiresIn();
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token,
    expiresAt: expiresIn === undefined ? undefined : new Date(Date.now() + expiresIn * 1000).toISOString(),
  };
}

function describe(error: unknown): string {
  if (error instanceof oidc.ResponseBodyError) return `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`;
  const cause = (error as Error).cause;
  return `${(error as Error).message}${cause instanceof Error ? ` (${cause.message})` : ''}`;
}
