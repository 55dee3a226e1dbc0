import { deployUrl, type CliIo } from '../../cli/cli-io.js';
import { printData, type OutputFormat } from '../../cli/output.js';
import { ServiceClient } from '../service.client.js';
import { NotLoggedInError, currentAccessToken } from '../credentials.js';

/** Who the services take the caller for: subject, how they proved it, roles. */
export async function whoamiCommand(values: { url?: string; output: OutputFormat }, io: CliIo): Promise<number> {
  const me = await new ServiceClient(deployUrl(values.url, io), 'deploy', io).request('/v1/whoami');
  if (values.output !== 'table') {
    printData(io, values.output, me, () => ({ head: [], rows: [] }));
    return 0;
  }
  io.out(`subject  ${String(me['subject'])}`);
  io.out(`via      ${String(me['via'])}`);
  io.out(`roles    ${(me['roles'] as string[]).join(', ') || '(none)'}`);
  return 0;
}

/** Prints the token amctl would send (refreshed if it had expired): `curl -H "Authorization: Bearer $(amctl auth token)"`. */
export async function authTokenCommand(io: CliIo): Promise<number> {
  const token = await currentAccessToken(io);
  if (!token) throw new NotLoggedInError();
  io.out(token);
  return 0;
}
