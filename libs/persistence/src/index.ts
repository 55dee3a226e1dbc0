// The public surface of @appmanager/persistence: a service's data source in its own schema,
// migrations run once under a lock, readiness, the caller-owned transaction handle, and LISTEN.
export { createDataSource, schemaOf, type ServiceDataSourceOptions } from './data-source.factory.js';
export { initialiseDataSource } from './initialise-data-source.js';
export { schemaReady, type SchemaReadiness } from './schema-ready.js';
export { asTransaction, entityManagerOf, repositoryIn, type Transaction } from './transaction.js';
export { PgListener, type PgListenerLogger, type PgListenerOptions } from './pg-listener.js';
