export * from './envelope.js';
export * from './subjects.js';
export * from './contract.js';
export * from './catalog.js';
export * from './deploy/deployment.contracts.js';
export * from './deploy/orchestration.contracts.js';
export * from './plugin/plugin.contracts.js';
export * from './env/cluster.contracts.js';
