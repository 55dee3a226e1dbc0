import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CliIo } from '../cli/cli-io.js';
import { IssuerClient, type IssuedTokens } from './outbound/issuer.client.js';

/** What `amctl login` keeps (mode 0600): the issuer it logged in at, and its tokens. */
export interface StoredCredentials extends IssuedTokens {
  issuer: string;
  username?: string;
}

export const DEFAULT_ISSUER = 'http://127.0.0.1:3010';
export const LOGIN_HINT = 'not logged in or token expired: run amctl login';

/** A service refused the credential (401): the user has to log in (again). */
export class NotLoggedInError extends Error {
  override readonly name = 'NotLoggedInError';
  constructor(detail?: string) {
    super(detail ? `${LOGIN_HINT} (${detail})` : LOGIN_HINT);
  }
}

/** The service could not be reached at all (refused, DNS, reset): exit code 5. */
export class ServiceUnreachableError extends Error {
  override readonly name = 'ServiceUnreachableError';
  constructor(
    message: string,
    /** What the network said, without the service's name. */
    readonly detail: string,
  ) {
    super(message);
  }
}

/** `${XDG_CONFIG_HOME:-~/.config}/amctl/credentials.json` */
export function credentialsPath(io: CliIo): string {
  return join(io.env['XDG_CONFIG_HOME'] || join(io.env['HOME'] || homedir(), '.config'), 'amctl', 'credentials.json');
}

export async function readCredentials(io: CliIo): Promise<StoredCredentials | undefined> {
  try {
    return JSON.parse(await readFile(credentialsPath(io), 'utf8')) as StoredCredentials;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${credentialsPath(io)}: ${(error as Error).message}`);
  }
}

export async function saveCredentials(io: CliIo, credentials: StoredCredentials): Promise<void> {
  const path = credentialsPath(io);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await rm(path, { force: true }); // a new file gets mode 0600 whatever the old one had
  await writeFile(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
}

/** Forgets the stored login; true when there was one. */
export async function deleteCredentials(io: CliIo): Promise<boolean> {
  const had = (await readCredentials(io)) !== undefined;
  await rm(credentialsPath(io), { force: true });
  return had;
}

/**
 * The bearer token for a service call: $AMCTL_TOKEN (an API token, for CI) first, else the stored login,
 * refreshed when it has expired and a refresh token was issued. Undefined when there is neither.
 */
export async function currentAccessToken(io: CliIo): Promise<string | undefined> {
  const fromEnv = io.env['AMCTL_TOKEN'];
  if (fromEnv) return fromEnv;
  const stored = await readCredentials(io);
  if (!stored) return undefined;
  if (!stored.expiresAt || Date.parse(stored.expiresAt) - 30_000 > Date.now()) return stored.accessToken;
  if (!stored.refreshToken) throw new NotLoggedInError(`the access token expired at ${stored.expiresAt}`);
  let refreshed: IssuedTokens;
  try {
    refreshed = await (await IssuerClient.discover(stored.issuer)).refresh(stored.refreshToken);
  } catch (error) {
    throw new NotLoggedInError(`refreshing at ${stored.issuer} failed: ${(error as Error).message}`);
  }
  await saveCredentials(io, { ...stored, ...refreshed, refreshToken: refreshed.refreshToken ?? stored.refreshToken });
  return refreshed.accessToken;
}

/** fetch with the current credential; a 401 becomes a NotLoggedInError naming what the service said. */
export async function authorizedFetch(io: CliIo, url: string, init: RequestInit = {}): Promise<Response> {
  const token = await currentAccessToken(io);
  if (!token) throw new NotLoggedInError();
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers });
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    const detail = String((error.cause as Error | undefined)?.message ?? error.cause ?? error.message);
    throw new ServiceUnreachableError(`cannot reach ${new URL(url).origin} (${detail})`, detail);
  }
  if (response.status === 401) {
    const body = (await response.json().catch(() => ({}))) as { message?: unknown };
    throw new NotLoggedInError(typeof body.message === 'string' ? body.message : undefined);
  }
  return response;
}
