import type { DataSource } from 'typeorm';
import { migrationsTableName, schemaOf } from './data-source.factory.js';

export type SchemaReadiness = { ready: true } | { ready: false; reason: string };

/**
 * For /readyz: the connection answers, the schema's migrations table exists and every
 * migration this build knows has run. Never throws.
 */
export async function schemaReady(dataSource: DataSource, timeoutMs = 2_000): Promise<SchemaReadiness> {
  if (!dataSource.isInitialized) return { ready: false, reason: 'data source is not connected' };
  const schema = schemaOf(dataSource);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<SchemaReadiness>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([check(dataSource, schema), timeout]);
  } catch (error) {
    return { ready: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

async function check(dataSource: DataSource, schema: string): Promise<SchemaReadiness> {
  const table = `"${schema}"."${migrationsTableName}"`;
  const [found] = (await dataSource.query('SELECT to_regclass($1) AS name', [table])) as { name: string | null }[];
  if (!found?.name) return { ready: false, reason: `migrations table ${schema}.${migrationsTableName} does not exist` };
  const rows = (await dataSource.query(`SELECT name FROM ${table}`)) as { name: string }[];
  const applied = new Set(rows.map((row) => row.name));
  // TypeORM names a migration after its class unless it sets `name` itself
  const known = dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
  const pending = known.filter((name) => !applied.has(name));
  if (pending.length > 0) return { ready: false, reason: `pending migrations in ${schema}: ${pending.join(', ')}` };
  return { ready: true };
}
