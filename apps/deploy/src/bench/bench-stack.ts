import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  createTestDatabase,
  freePort,
  startClusterSimProcess,
  startNatsServer,
  startS3Server,
  startServiceProcess,
  type PrivateNatsServer,
  type PrivateS3Server,
  type SimulatedClusters,
  type TestDatabase,
} from '@appmanager/testing';
import { parse as parseYaml } from 'yaml';
import { registerSimEnvironment, type SimClusterAccess } from '../testing/environment.fixture.js';
import { startRegistryProcess, type RegistryProcess } from '../testing/registry-process.js';
import { testSecretsKey } from '../testing/test-service.js';

const DEPLOY_MAIN = fileURLToPath(new URL('../main.js', import.meta.url));

/** The deploy service as `npm start` runs it: `dist/main.js`, a process of its own. */
export interface DeployProcess {
  url: string;
  output(): string;
  /** CPU time (user + system, all threads) the process has used so far, in ms; NaN where /proc is missing. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** utime + stime of a process from /proc (Linux), in ms. */
function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // after "pid (comm) ": state is field 0, utime 11, stime 12, in clock ticks (100 per second on Linux)
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

interface Kubeconfig {
  clusters: { cluster: { server: string; 'certificate-authority-data'?: string } }[];
  users: { user: { token: string } }[];
}

/**
 * Everything the benchmark runs against, each its own process where production has one: a private nats-server,
 * a fresh Postgres database, cluster-sim (instant readiness; `sim-1` for deploy, `sim-2` for the floor) and,
 * on demand, the plug-in registry with its own database and S3.
 */
export class BenchStack {
  private registryParts: { database: TestDatabase; s3: PrivateS3Server; process: RegistryProcess } | undefined;
  readonly secretsKey = testSecretsKey();

  private constructor(
    readonly nats: PrivateNatsServer,
    readonly database: TestDatabase,
    readonly sim: SimulatedClusters,
    readonly client: NatsConnection,
  ) {}

  static async start(): Promise<BenchStack> {
    const [nats, database, sim] = await Promise.all([
      startNatsServer(),
      createTestDatabase('deploy-bench'),
      startClusterSimProcess({ clusters: 2, podReadyDelayMs: 0 }),
    ]);
    return new BenchStack(nats, database, sim, await connect({ servers: nats.url }));
  }

  /** Kubeconfig (YAML) of one of the sim's virtual clusters. */
  kubeconfig(cluster: string): Promise<string> {
    return this.sim.kubeconfig(cluster);
  }

  /** Registers `cluster` (unit `eu`, namespace `shop`, stage `dev`) with a deploy instance. */
  async register(deployUrl: string, cluster: string): Promise<void> {
    const config = parseYaml(await this.kubeconfig(cluster)) as Kubeconfig;
    const ca = config.clusters[0]?.cluster['certificate-authority-data'];
    const access: SimClusterAccess = {
      serverOf: () => config.clusters[0]!.cluster.server,
      registry: { tokenOf: () => config.users[0]!.user.token },
      caPem: ca ? Buffer.from(ca, 'base64').toString('utf8') : undefined,
    };
    await registerSimEnvironment(deployUrl, access, cluster);
  }

  /** The plug-in registry as a process (it installs the built-in plug-ins), started once. */
  async registry(): Promise<string> {
    if (!this.registryParts) {
      const [database, s3] = await Promise.all([createTestDatabase('deploy-bench-plugins'), startS3Server()]);
      const process = await startRegistryProcess({
        NATS_URL: this.nats.url,
        DATABASE_URL: database.url,
        S3_PORT: s3.port,
        S3_BUCKET: 'plugins',
      });
      this.registryParts = { database, s3, process };
    }
    return this.registryParts.process.url;
  }

  /** Starts `apps/deploy/dist/main.js`; `nodeOptions` e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
  async deploy(env: Record<string, string>, nodeOptions: string[] = []): Promise<DeployProcess> {
    const started = await startServiceProcess({
      name: 'deploy',
      main: DEPLOY_MAIN,
      port: await freePort(),
      nodeOptions,
      echoStderr: !!process.env['BENCH_DEPLOY_STDERR'],
      env: {
        PATH: process.env['PATH'] ?? '',
        NATS_URL: this.nats.url,
        DATABASE_URL: this.database.url,
        DEPLOY_SECRETS_KEY: this.secretsKey,
        LOG_LEVEL: 'warn',
        ...env,
      },
    });
    return { url: started.url, output: started.output, cpuMs: () => processCpuMs(started.child.pid), stop: started.stop };
  }

  async stop(): Promise<void> {
    await this.client.close();
    if (this.registryParts) {
      await this.registryParts.process.stop();
      await this.registryParts.s3.stop();
      await this.registryParts.database.drop();
    }
    await this.sim.stop();
    await this.nats.stop();
    await this.database.drop();
  }
}
