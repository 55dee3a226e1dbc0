import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { postgresAnswers, postgresFromEnv, withAdmin, type PostgresServer } from './postgres-server.js';

export type { PostgresServer } from './postgres-server.js';

export interface TestDatabase extends PostgresServer {
  database: string;
  /** postgres://user@host:port/database */
  url: string;
  drop(): Promise<void>;
}

let serverPromise: Promise<PostgresServer> | undefined;

/**
 * Creates a fresh database for one suite on the Postgres the environment names (PGHOST/PGPORT/
 * PGUSER/PGPASSWORD, default 127.0.0.1:5432 as postgres). `npm test` points those at the machine's
 * Postgres or at the one embedded Postgres it starts for the whole run (bin/test-postgres.ts). A test
 * file run on its own where none answers starts an embedded one in a companion process that stops
 * when this process exits, and that does not keep it alive.
 */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  serverPromise ??= findOrStartServer();
  const server = await serverPromise;
  const database = `am_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await withAdmin(server, (client) => client.query(`CREATE DATABASE "${database}"`));
  const auth = server.password ? `${server.user}:${server.password}` : server.user;
  return {
    ...server,
    database,
    url: `postgres://${auth}@${server.host}:${server.port}/${database}`,
    drop: () => withAdmin(server, (client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function findOrStartServer(): Promise<PostgresServer> {
  const named = postgresFromEnv();
  return (await postgresAnswers(named)) ? named : startCompanionPostgres();
}

/** The companion's stdin is a pipe only this process holds: when this process ends, it closes. */
async function startCompanionPostgres(): Promise<PostgresServer> {
  const bin = fileURLToPath(new URL('./bin/test-postgres.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`embedded Postgres for tests exited with ${code} before it was ready`)));
  });
  child.removeAllListeners('exit');
  child.unref();
  (child.stdin as Socket).unref();
  (child.stdout as Socket).unref();
  return postgresFromEnv(JSON.parse(line) as NodeJS.ProcessEnv);
}
