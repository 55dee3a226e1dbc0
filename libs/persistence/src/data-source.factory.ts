import { DataSource, type EntitySchema, type MixedList } from 'typeorm';

export interface ServiceDataSourceOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** The service's own Postgres schema, e.g. `deploy`; nothing of it lives in `public`. */
  schema: string;
  // TypeORM's own option type: entity classes or EntitySchema instances
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Shown in pg_stat_activity, so an operator can tell the services apart. */
  applicationName?: string;
  poolSize?: number;
}

const schemaName = /^[a-z_][a-z0-9_]{0,62}$/;
export const migrationsTableName = 'migrations';

/**
 * A TypeORM data source bound to one service's schema. `synchronize` stays off: the schema
 * changes only through migrations, which `initialiseDataSource` runs under a lock.
 */
export function createDataSource(options: ServiceDataSourceOptions): DataSource {
  if (!schemaName.test(options.schema)) {
    throw new Error(`schema "${options.schema}" must be lower-case letters, digits and _ (max 63)`);
  }
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName,
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    connectTimeoutMS: 5_000,
    applicationName: options.applicationName ?? options.schema,
    // raw SQL (and anything TypeORM does not qualify) lands in the service's schema too
    extra: { max: options.poolSize ?? 10, options: `-c search_path=${options.schema}` },
  });
}

export function schemaOf(dataSource: DataSource): string {
  const schema = (dataSource.options as { schema?: string }).schema;
  if (!schema) throw new Error('data source was not created by createDataSource: it has no schema');
  return schema;
}
