import type { DataSource } from 'typeorm';
import { schemaOf } from './data-source.factory.js';

/**
 * Connects, creates the service's schema when missing and runs pending migrations.
 * Replicas starting together serialise on a Postgres advisory lock keyed by the schema,
 * so each migration runs once and no replica sees a half-migrated schema.
 */
export async function initialiseDataSource(dataSource: DataSource): Promise<DataSource> {
  const schema = schemaOf(dataSource);
  if (!dataSource.isInitialized) await dataSource.initialize();
  // the lock is session-scoped: hold it on one dedicated connection for the whole run
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock(hashtext($1))', [`appmanager.migrations.${schema}`]);
    try {
      await lockRunner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lockRunner.query('SELECT pg_advisory_unlock(hashtext($1))', [`appmanager.migrations.${schema}`]);
    }
  } catch (error) {
    await lockRunner.release();
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  await lockRunner.release();
  return dataSource;
}
