import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderNatsAuthorization, type NatsUserPermissions } from '@appmanager/contracts';
import { connect, type ConnectionOptions } from '@nats-io/transport-node';
import bcrypt from 'bcryptjs';
import { freePort } from './free-port.js';

export interface PrivateNatsServer {
  /** Without credentials: refused when the server was started with users. */
  readonly url: string;
  readonly port: number;
  /** The URL a user connects with, `nats://<user>:<password>@127.0.0.1:<port>`, as a service's NATS_URL. */
  urlOf(user: string): string;
  /** Connection options for a user (`servers`, `user`, `pass`), for a test's own client. */
  optionsOf(user: string): ConnectionOptions;
  /** What the server wrote to stderr (its log), e.g. to find a `Permissions Violation`. */
  log(): string;
  /** Kills the server with SIGKILL and starts it again on the same port and store. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const natsBinary = process.env['NATS_SERVER_BIN'] ?? 'nats-server';

export interface NatsServerOptions {
  /** Users and their subject permissions (e.g. `natsPermissions()`); each gets a random password. Default: no auth. */
  users?: Record<string, NatsUserPermissions>;
}

/**
 * Starts a nats-server of its own (JetStream on, store in a temp dir, free port) so a test
 * never meets another test's streams. Needs the `nats-server` binary (Debian: nats-server).
 */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<PrivateNatsServer> {
  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), 'am-nats-'));
  const url = `nats://127.0.0.1:${port}`;
  const passwords = Object.fromEntries(Object.keys(options.users ?? {}).map((user) => [user, randomBytes(18).toString('base64url')]));
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir];
  if (options.users) args.push('-c', await writeAuthorization(storeDir, options.users, passwords));
  const optionsOf = (user: string): ConnectionOptions => {
    const pass = passwords[user];
    if (!pass) throw new Error(`the test NATS server has no user "${user}"`);
    return { servers: url, user, pass };
  };
  // JetStream answers only a user who may ask it; the first who may stands in for the probe
  const probeUser = Object.entries(options.users ?? {}).find(([, granted]) => granted.publish.allow.includes('$JS.API.INFO'))?.[0];
  const probe = probeUser ? optionsOf(probeUser) : { servers: url };
  let log = '';
  const keep = (chunk: string) => void (log = (log + chunk).slice(-200_000));
  let child = await launch(args, probe, keep);
  return {
    url,
    port,
    urlOf: (user) => `nats://${user}:${optionsOf(user).pass}@127.0.0.1:${port}`,
    optionsOf,
    log: () => log,
    async restart() {
      await kill(child);
      child = await launch(args, probe, keep);
    },
    async stop() {
      await kill(child);
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}

/** The config holds bcrypt hashes, as a real deployment's would; the passwords stay in the test. */
async function writeAuthorization(
  dir: string,
  users: Record<string, NatsUserPermissions>,
  passwords: Record<string, string>,
): Promise<string> {
  const hashes = Object.fromEntries(Object.entries(passwords).map(([user, password]) => [user, bcrypt.hashSync(password, 8)]));
  const file = join(dir, 'nats.conf');
  await writeFile(file, renderNatsAuthorization(users, hashes), { mode: 0o600 });
  return file;
}

async function launch(args: string[], probe: ConnectionOptions, keep: (chunk: string) => void): Promise<ChildProcess> {
  const child = spawn(natsBinary, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    keep(chunk.toString());
  });
  const spawnError = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`cannot start ${natsBinary}: ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`${natsBinary} exited with ${code}: ${stderr.trim()}`)));
  });
  await Promise.race([waitForJetStream(probe), spawnError]);
  child.removeAllListeners('exit');
  return child;
}

async function waitForJetStream(probe: ConnectionOptions): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const nc = await connect({ ...probe, reconnect: false, timeout: 500 });
      // a JetStream API call answers only once the JetStream subsystem is up
      await nc.request('$JS.API.INFO', undefined, { timeout: 1_000 });
      await nc.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`nats-server at ${String(probe.servers)} not ready: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
