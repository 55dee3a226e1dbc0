import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { natsPermissions } from '@appmanager/contracts';
import { startClusterSim, type ClusterSim } from '@appmanager/kube-sim';
import {
  createTestDatabase,
  freePort,
  startNatsServer,
  postCreated,
  registerCluster,
  simulatedClusterAccess,
  startServiceProcess,
  type PrivateNatsServer,
  type ServiceProcess,
} from '@appmanager/testing';

const deployMain = fileURLToPath(new URL('../../../deploy/dist/main.js', import.meta.url));
const sensorMain = fileURLToPath(new URL('../main.js', import.meta.url));

/** NATS, Postgres, cluster-sim, deploy and sensor processes: the sensing path end to end, every part real. */
export interface SensingTestBed {
  nats: PrivateNatsServer;
  sim: ClusterSim;
  deploy: ServiceProcess;
  api: ServiceProcess;
  /** Every api-role process (`apis` of them; `api` is the first). */
  apis: ServiceProcess[];
  pollers: Map<string, ServiceProcess>;
  startPoller(id: string): Promise<ServiceProcess>;
  /** `editor`: a command kubectl runs as KUBE_EDITOR (for `kubectl edit`). */
  kubectl(cluster: string, args: string[], editor?: string): Promise<string>;
  close(): Promise<void>;
}

/** Each cluster gets namespace `shop` with stage `prod`. */
export async function startSensingTestBed(options: {
  clusters: string[];
  unit: string;
  pollers: string[];
  /** clusters registered with `sensing: watch` */
  watch?: string[];
  /** api-role processes (default 1) */
  apis?: number;
  /** NATS with the platform's users on: deploy and the sensor each connect as their own (ADR 0014). */
  natsUsers?: boolean;
}): Promise<SensingTestBed> {
  const [nats, deployDb, sensorDb, sim] = await Promise.all([
    startNatsServer(options.natsUsers ? { users: natsPermissions() } : {}),
    createTestDatabase('sensing-deploy'),
    createTestDatabase('sensing-sensor'),
    startClusterSim({ log: () => undefined, podReadyDelayMs: 200 }),
  ]);
  const sharedKey = randomBytes(32).toString('base64');
  const common = { PATH: process.env['PATH'] ?? '', INTERNAL_SERVICE_KEY: sharedKey, LOG_LEVEL: 'info' };
  const natsUrlOf = (user: string) => (options.natsUsers ? nats.urlOf(user) : nats.url);
  const started: ServiceProcess[] = [];
  const close = async () => {
    for (const process of started.reverse()) await process.stop().catch(() => undefined);
    await sim.close();
    await nats.stop();
    await Promise.all([deployDb.drop(), sensorDb.drop()]);
  };
  try {
    const deploy = await startServiceProcess({
      name: 'deploy',
      main: deployMain,
      port: await freePort(),
      env: { ...common, NATS_URL: natsUrlOf('deploy'), DATABASE_URL: deployDb.url, DEPLOY_SECRETS_KEY: randomBytes(32).toString('base64') },
    });
    started.push(deploy);
    await postCreated(deploy.url, '/v1/units', { id: options.unit, name: options.unit });
    for (const id of options.clusters) {
      sim.createCluster(id);
      const access = simulatedClusterAccess(sim, id, options.unit);
      await registerCluster(
        deploy.url,
        { ...access, ...(options.watch?.includes(id) ? { sensing: 'watch' as const } : {}) },
        { name: 'shop', stages: ['prod'] },
      );
    }
    const sensorEnv = { ...common, NATS_URL: natsUrlOf('sensor'), DATABASE_URL: sensorDb.url };
    const apis: ServiceProcess[] = [];
    for (let i = 0; i < (options.apis ?? 1); i++) {
      const api = await startServiceProcess({
        name: `sensor-api-${i + 1}`,
        main: sensorMain,
        port: await freePort(),
        env: { ...sensorEnv, SENSOR_ROLE: 'api' },
      });
      started.push(api);
      apis.push(api);
    }
    const api = apis[0]!;
    const pollers = new Map<string, ServiceProcess>();
    const startPoller = async (id: string) => {
      const poller = await startServiceProcess({
        name: `poller ${id}`,
        main: sensorMain,
        port: await freePort(),
        env: { ...sensorEnv, SENSOR_ROLE: 'poller', SENSOR_UNIT: options.unit, SENSOR_POLLER_ID: id },
      });
      started.push(poller);
      pollers.set(id, poller);
      return poller;
    };
    for (const id of options.pollers) await startPoller(id);
    return {
      nats,
      sim,
      deploy,
      api,
      apis,
      pollers,
      startPoller,
      kubectl: (cluster, args, editor) => kubectl(sim, cluster, args, editor),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The real kubectl against one virtual cluster. */
async function kubectl(sim: ClusterSim, cluster: string, args: string[], editor?: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sensor-kubectl-'));
  try {
    writeFileSync(join(dir, 'kubeconfig'), sim.kubeconfig(cluster));
    const { stdout } = await promisify(execFile)(
      'kubectl',
      ['--kubeconfig', join(dir, 'kubeconfig'), '--cache-dir', join(dir, 'cache'), ...args],
      { timeout: 60_000, ...(editor ? { env: { ...process.env, KUBE_EDITOR: editor } } : {}) },
    );
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
