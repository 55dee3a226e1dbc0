export * from './free-port.js';
export * from './nats-server.js';
export * from './postgres.js';
export * from './await-message.js';
export * from './s3-server.js';
export * from './cluster-sim.js';
