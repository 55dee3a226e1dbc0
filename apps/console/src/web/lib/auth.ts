// Logging in at the platform's OIDC issuer: authorization code with PKCE (S256), the token kept for this tab only.

interface ConsoleSettings {
  issuer: string;
  clientId: string;
}

interface Session {
  accessToken: string;
  expiresAt: number;
}

const SESSION_KEY = 'am.console.session';
const PENDING_KEY = 'am.console.pending';
const redirectUri = () => `${location.origin}/callback`;

async function settings(): Promise<ConsoleSettings & { authorize: string; token: string }> {
  const own = (await (await fetch('/console/config.json')).json()) as ConsoleSettings;
  const discovery = (await (await fetch(`${own.issuer}/.well-known/openid-configuration`)).json()) as {
    authorization_endpoint: string;
    token_endpoint: string;
  };
  return { ...own, authorize: discovery.authorization_endpoint, token: discovery.token_endpoint };
}

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const randomText = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

/** Sends the browser to the issuer's login page; it comes back to /callback. */
export async function login(): Promise<void> {
  const { authorize, clientId } = await settings();
  const verifier = randomText();
  const state = randomText();
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo: location.hash || '#/' }));
  const query = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri(),
    scope: 'openid profile api',
    resource: 'urn:appmanager:api',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  location.assign(`${authorize}?${query}`);
}

/** On /callback: trades the code for an access token, then goes back to where the user was. */
export async function completeLogin(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as { verifier: string; state: string; returnTo: string } | null;
  sessionStorage.removeItem(PENDING_KEY);
  if (params.get('error')) throw new Error(`login refused: ${params.get('error_description') ?? params.get('error')}`);
  if (!pending || params.get('state') !== pending.state) throw new Error('login answer does not match a login started here');
  const { token, clientId } = await settings();
  const response = await fetch(token, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code') ?? '',
      redirect_uri: redirectUri(),
      client_id: clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = (await response.json()) as { access_token?: string; expires_in?: number; error_description?: string };
  if (!response.ok || !body.access_token) throw new Error(`token exchange failed: ${body.error_description ?? response.status}`);
  const session: Session = { accessToken: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 600) * 1000 };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  history.replaceState(null, '', `/${pending.returnTo}`);
}

export function accessToken(): string | undefined {
  const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
  return session && session.expiresAt > Date.now() + 5_000 ? session.accessToken : undefined;
}

export function logout(): void {
  sessionStorage.removeItem(SESSION_KEY);
  location.assign('/');
}
