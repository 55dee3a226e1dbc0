import pg from 'pg';

/** Where a Postgres answers, and as whom the tests log in to create their databases. */
export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  password?: string;
}

/** The Postgres the environment names (PGHOST/PGPORT/PGUSER/PGPASSWORD), by default 127.0.0.1:5432 as postgres. */
export function postgresFromEnv(env: NodeJS.ProcessEnv = process.env): PostgresServer {
  return {
    host: env['PGHOST'] ?? '127.0.0.1',
    port: Number(env['PGPORT'] ?? 5432),
    user: env['PGUSER'] ?? 'postgres',
    ...(env['PGPASSWORD'] ? { password: env['PGPASSWORD'] } : {}),
  };
}

/** The PG* variables that make `postgresFromEnv` (and so every test file) find `server`. */
export function postgresEnv(server: PostgresServer): Record<string, string> {
  return {
    PGHOST: server.host,
    PGPORT: String(server.port),
    PGUSER: server.user,
    ...(server.password ? { PGPASSWORD: server.password } : {}),
  };
}

/** True when `server` accepts a login and a query within two seconds. */
export async function postgresAnswers(server: PostgresServer): Promise<boolean> {
  try {
    await withAdmin(server, (client) => client.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

export async function withAdmin<T>(server: PostgresServer, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...server, database: 'postgres', connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
