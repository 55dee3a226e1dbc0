import { UsageError, type CliIo } from '../../cli/cli-io.js';
import { DEFAULT_ISSUER, credentialsPath, deleteCredentials, readCredentials, saveCredentials } from '../credentials.js';
import { IssuerClient, type IssuedTokens } from '../outbound/issuer.client.js';

/** `amctl login` flags. */
export interface LoginOptions {
  issuer?: string;
  username?: string;
  password?: string;
  passwordStdin?: boolean;
}

/**
 * Logs in at the issuer and keeps the tokens: with a password when a username is given (scripts), else by the
 * device flow (the user confirms a code in a browser, on this machine or another).
 */
export async function loginCommand(values: LoginOptions, io: CliIo): Promise<number> {
  if ((values.password !== undefined || values.passwordStdin) && !values.username) {
    throw new UsageError('--password and --password-stdin need --username');
  }
  const issuer = (values.issuer ?? io.env['AMCTL_ISSUER'] ?? (await readCredentials(io))?.issuer ?? DEFAULT_ISSUER).replace(/\/+$/, '');
  const client = await IssuerClient.discover(issuer);
  let tokens: IssuedTokens;
  if (values.username) {
    const password = values.passwordStdin ? await readPassword(io) : values.password;
    if (!password) throw new UsageError('a password is needed: --password-stdin (preferred) or --password');
    tokens = await client.password(values.username, password);
  } else {
    tokens = await client.device(({ verificationUri, verificationUriComplete, userCode }) => {
      io.err(`To log in, open ${verificationUriComplete ?? verificationUri}`);
      io.err(`and check that it shows the code ${userCode} (or enter it at ${verificationUri}). Waiting...`);
    });
  }
  const username = usernameOf(tokens.accessToken) ?? values.username;
  await saveCredentials(io, { issuer, username, ...tokens });
  io.err(`logged in at ${issuer}${username ? ` as ${username}` : ''}; credentials in ${credentialsPath(io)}`);
  return 0;
}

export async function logoutCommand(io: CliIo): Promise<number> {
  io.err((await deleteCredentials(io)) ? `logged out: ${credentialsPath(io)} removed` : 'not logged in');
  return 0;
}

async function readPassword(io: CliIo): Promise<string> {
  if (!io.readStdin) throw new UsageError('--password-stdin: no standard input here');
  return (await io.readStdin()).replace(/\r?\n$/, '');
}

/** The name in the access token, only to tell the user who they are logged in as (services verify it, not us). */
function usernameOf(accessToken: string): string | undefined {
  try {
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
    return typeof claims['preferred_username'] === 'string' ? claims['preferred_username'] : undefined;
  } catch {
    return undefined;
  }
}
