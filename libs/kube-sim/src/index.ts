export { startClusterSim, type ClusterSim } from './server/sim-server.js';
export type { ClusterSimOptions } from './server/sim-options.js';
export type { FaultRule, FaultSpec } from './admin/fault-registry.js';
export { ANNOTATIONS as SIM_ANNOTATIONS } from './controllers/controller-context.js';
export type { KubeStatus } from './domain/api-error.js';
