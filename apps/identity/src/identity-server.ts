import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { UserDirectory } from './accounts/user-directory.js';
import type { IdentityConfig } from './identity-config.js';
import { createIdentityProvider } from './oidc/identity-provider.js';
import { handleLoginInteraction } from './oidc/login.interaction.js';
import { loadOrCreateSigningKeys } from './oidc/signing-keys.js';

const log = pino({ name: 'identity', level: process.env['LOG_LEVEL'] ?? 'info' });

/** The local OpenID provider over HTTP, with /healthz and /readyz like every service. */
export async function startIdentityServer(config: IdentityConfig): Promise<{ server: Server; url: string }> {
  const users = await UserDirectory.fromFile(config.IDENTITY_USERS_FILE);
  if (users.size === 0) {
    log.warn(
      `no users in ${config.IDENTITY_USERS_FILE}: add one with "node apps/identity/dist/main.js add-user --file ... --username admin --role admin"`,
    );
  }
  const { provider } = createIdentityProvider({
    issuer: config.IDENTITY_ISSUER,
    audience: config.IDENTITY_AUDIENCE,
    accessTokenTtlSeconds: config.IDENTITY_ACCESS_TOKEN_TTL_SECONDS,
    jwks: await loadOrCreateSigningKeys(config.IDENTITY_JWKS_FILE),
    users,
    consoleRedirectUris: config.IDENTITY_CONSOLE_REDIRECT_URIS,
  });
  provider.on('server_error', (_ctx, error) => log.error({ err: error }, 'server error'));
  provider.on('grant.error', (_ctx, error) => log.info({ error: error.message }, 'token request refused'));
  const oidc = provider.callback();
  const server = createServer((req, res) => {
    if (req.url === '/healthz' || req.url === '/readyz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    handleLoginInteraction(provider, users, req, res)
      .then((handled) => (handled ? undefined : oidc(req, res)))
      .catch((error: Error) => {
        log.warn({ err: error }, 'login page failed');
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' }).end(`login failed: ${error.message}\n`);
      });
  });
  await new Promise<void>((resolve) => server.listen(config.IDENTITY_PORT, config.IDENTITY_HOST, resolve));
  const { port } = server.address() as AddressInfo;
  log.info({ issuer: config.IDENTITY_ISSUER, port, users: config.IDENTITY_USERS_FILE }, 'identity provider listening');
  return { server, url: `http://${config.IDENTITY_HOST}:${port}` };
}
