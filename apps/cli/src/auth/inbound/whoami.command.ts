import { parseArgs } from 'node:util';
import { UsageError, deployUrl, type CliIo } from '../../cli/cli-io.js';
import { ServiceClient } from '../service.client.js';
import { NotLoggedInError, currentAccessToken } from '../credentials.js';

export const WHOAMI_USAGE = 'amctl whoami [--url <service url>] [-o json]';
export const AUTH_TOKEN_USAGE = 'amctl auth token   (prints the current access token, for curl -H "Authorization: Bearer ...")';

/** Who the services take the caller for: subject, how they proved it, roles. */
export async function whoamiCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { url: { type: 'string' }, output: { type: 'string', short: 'o' } },
  });
  if (positionals.length > 0 || (values.output !== undefined && values.output !== 'json')) throw new UsageError(WHOAMI_USAGE);
  const me = await new ServiceClient(deployUrl(values.url, io), 'deploy', io).request('/v1/whoami');
  if (values.output === 'json') {
    io.out(JSON.stringify(me));
    return 0;
  }
  io.out(`subject  ${String(me['subject'])}`);
  io.out(`via      ${String(me['via'])}`);
  io.out(`roles    ${(me['roles'] as string[]).join(', ') || '(none)'}`);
  return 0;
}

/** Prints the token amctl would send (refreshed if it had expired): `curl -H "Authorization: Bearer $(amctl auth token)"`. */
export async function authTokenCommand(args: string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new UsageError(AUTH_TOKEN_USAGE);
  const token = await currentAccessToken(io);
  if (!token) throw new NotLoggedInError();
  io.out(token);
  return 0;
}
