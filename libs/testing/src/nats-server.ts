import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { freePort } from './free-port.js';

export interface PrivateNatsServer {
  readonly url: string;
  readonly port: number;
  /** Kills the server with SIGKILL and starts it again on the same port and store. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const natsBinary = process.env['NATS_SERVER_BIN'] ?? 'nats-server';

/**
 * Starts a nats-server of its own (JetStream on, store in a temp dir, free port) so a test
 * never meets another test's streams. Needs the `nats-server` binary (Debian: nats-server).
 */
export async function startNatsServer(): Promise<PrivateNatsServer> {
  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), 'am-nats-'));
  const url = `nats://127.0.0.1:${port}`;
  let child = await launch(port, storeDir, url);
  return {
    url,
    port,
    async restart() {
      await kill(child);
      child = await launch(port, storeDir, url);
    },
    async stop() {
      await kill(child);
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}

async function launch(port: number, storeDir: string, url: string): Promise<ChildProcess> {
  const child = spawn(natsBinary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const spawnError = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`cannot start ${natsBinary}: ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`${natsBinary} exited with ${code}: ${stderr.trim()}`)));
  });
  await Promise.race([waitForJetStream(url), spawnError]);
  child.removeAllListeners('exit');
  return child;
}

async function waitForJetStream(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const nc = await connect({ servers: url, reconnect: false, timeout: 500 });
      // a JetStream API call answers only once the JetStream subsystem is up
      await nc.request('$JS.API.INFO', undefined, { timeout: 1_000 });
      await nc.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`nats-server at ${url} not ready: ${String(error)}`);
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
