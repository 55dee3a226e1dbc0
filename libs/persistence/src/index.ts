export * from './data-source.factory.js';
export * from './initialise-data-source.js';
export * from './schema-ready.js';
export * from './pg-listener.js';
export * from './transaction.js';
