import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startClusterSim, type ClusterSim } from '@appmanager/kube-sim';
import { type RunningService } from '@appmanager/service-host';
import { createTestDatabase, freePort, startNatsServer, type PrivateNatsServer, type TestDatabase } from '@appmanager/testing';
import { DeployModule } from '../deploy.module.js';
import { registerSimEnvironment } from './environment.fixture.js';
import { startDeployForTest } from './test-service.js';

/** One deploy service on a private NATS and database, with cluster-sim's `sim-1` registered as unit `eu`. */
export interface DeployTestBed {
  nats: PrivateNatsServer;
  database: TestDatabase;
  sim: ClusterSim;
  service: RunningService;
  /** A plain NATS client, as another system would use. */
  client: NatsConnection;
  close(): Promise<void>;
}

/** `logs` receives the service's JSON log lines (at LOG_LEVEL, `warn` unless `env` says otherwise). */
export async function startDeployTestBed(options: {
  label: string;
  podReadyDelayMs?: number;
  env?: Record<string, string>;
  logs?: string[];
}): Promise<DeployTestBed> {
  const [nats, database, sim] = await Promise.all([
    startNatsServer(),
    createTestDatabase(options.label),
    startClusterSim({
      log: () => undefined,
      ...(options.podReadyDelayMs === undefined ? {} : { podReadyDelayMs: options.podReadyDelayMs }),
    }),
  ]);
  sim.createCluster('sim-1');
  const service = await startDeployForTest(
    DeployModule,
    { NATS_URL: nats.url, DATABASE_URL: database.url, HTTP_PORT: String(await freePort()), ...options.env },
    options.logs,
  );
  await registerSimEnvironment(service.url, sim, 'sim-1');
  const client = await connect({ servers: nats.url });
  return {
    nats,
    database,
    sim,
    service,
    client,
    async close() {
      await client.close();
      await service.close();
      await sim.close();
      await nats.stop();
      await database.drop();
    },
  };
}
