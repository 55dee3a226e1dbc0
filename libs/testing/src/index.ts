// The public surface of @appmanager/testing (tests only): real NATS, Postgres, S3 and clusters,
// and waiting for what they say.
export { freePort } from './free-port.js';
export { startNatsServer, type NatsServerOptions, type PrivateNatsServer } from './nats-server.js';
export { createTestDatabase, type PostgresServer, type TestDatabase } from './postgres.js';
export { collectMessages, eventually, nextMessage, type ReceivedMessage } from './await-message.js';
export { startS3Server, type PrivateS3Server } from './s3-server.js';
export { startClusterSimProcess, type SimulatedClusters, type SimulatedClustersOptions } from './cluster-sim.js';
export { startServiceProcess, type ServiceProcess } from './service-process.js';
export { startDockerRegistry, type PrivateDockerRegistry } from './docker-registry.js';
export { createBareGitRepository, type BareGitRepository } from './git-repository.js';
export { sreworksCorpusDir, sreworksCorpusMissing } from './sreworks-corpus.js';
export {
  postCreated,
  registerCluster,
  simulatedClusterAccess,
  type ClusterSimEndpoints,
  type SimulatedClusterAccess,
} from './register-cluster.js';
export { adminFetch, adminHeaders, adminRequest, requestAs, testAdminToken, testAuthEnv } from './test-auth.js';
export { checkPermissionMatrix, permissionGrants, type MatrixCell } from './permission-matrix.js';
