import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import {
  createTestDatabase,
  freePort,
  startClusterSimProcess,
  startNatsServer,
  startServiceProcess,
  testAdminToken,
  type PrivateNatsServer,
  type ServiceProcess,
  type SimulatedClusters,
  type TestDatabase,
} from '@appmanager/testing';
import { runAmctl, type AmctlRun } from './run-amctl.js';

// deploy runs as the built process it is in production: apps never import apps
const deployMain = fileURLToPath(new URL('../../../deploy/dist/main.js', import.meta.url));
const sensorMain = fileURLToPath(new URL('../../../sensor/dist/main.js', import.meta.url));

/**
 * deploy on a private NATS and database, with cluster-sim as a process (and with `sensor`, a sensor polling unit `eu`);
 * amctl pointed at them as the test's admin.
 */
export interface PlatformBed {
  deployUrl: string;
  dir: string;
  /** The environment amctl runs with: the admin's API token and deploy's URL. */
  env: Record<string, string>;
  /** cluster-sim's `sim-1`, as a kubeconfig (YAML). */
  kubeconfig(): Promise<string>;
  amctl(args: string[], extraEnv?: Record<string, string>): Promise<AmctlRun>;
  close(): Promise<void>;
}

export async function startPlatformBed(label: string, options: { podReadyDelayMs: number; sensor?: boolean }): Promise<PlatformBed> {
  const dir = await mkdtemp(join(tmpdir(), `amctl-${label}-`));
  let nats: PrivateNatsServer | undefined, database: TestDatabase | undefined, sim: SimulatedClusters | undefined;
  let deploy: ServiceProcess | undefined, sensor: ServiceProcess | undefined, sensorDb: TestDatabase | undefined;
  const internalKey = randomBytes(32).toString('base64');
  const close = async () => {
    await sensor?.stop();
    await deploy?.stop();
    await sim?.stop();
    await nats?.stop();
    await database?.drop();
    await sensorDb?.drop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    [nats, database, sim] = await Promise.all([
      startNatsServer(),
      createTestDatabase(label.replace(/-/g, '_')),
      startClusterSimProcess({ clusters: 1, podReadyDelayMs: options.podReadyDelayMs }),
    ]);
    deploy = await startServiceProcess({
      name: 'deploy',
      main: deployMain,
      port: await freePort(),
      env: {
        PATH: process.env['PATH'] ?? '',
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        DEPLOY_SECRETS_KEY: randomBytes(32).toString('base64'),
        INTERNAL_SERVICE_KEY: internalKey,
        LOG_LEVEL: 'warn',
      },
    });
    if (options.sensor) {
      sensorDb = await createTestDatabase(`${label.replace(/-/g, '_')}_sensor`);
      sensor = await startServiceProcess({
        name: 'sensor',
        main: sensorMain,
        port: await freePort(),
        env: {
          PATH: process.env['PATH'] ?? '',
          NATS_URL: nats.url,
          DATABASE_URL: sensorDb.url,
          INTERNAL_SERVICE_KEY: internalKey,
          SENSOR_UNIT: 'eu',
          SENSOR_POLLER_ID: 'eu-poller-1',
          LOG_LEVEL: 'warn',
        },
      });
    }
  } catch (error) {
    await close();
    throw error;
  }
  const env = { AMCTL_TOKEN: testAdminToken, AMCTL_DEPLOY: deploy.url, AMCTL_SENSOR: sensor?.url ?? '', NO_COLOR: '' };
  const clusters = sim;
  return {
    deployUrl: deploy.url,
    dir,
    env,
    kubeconfig: () => clusters.kubeconfig('sim-1'),
    amctl: (args, extraEnv = {}) => runAmctl(args, { env: { ...env, ...extraEnv }, cwd: dir }),
    close,
  };
}

/**
 * Registers cluster-sim's `sim-1` the way an operator would, with amctl: unit `eu`, the cluster (its kubeconfig's
 * server, CA and token), namespace `shop-sim-1` (`shop`) and stage `dev-sim-1` (`dev`).
 */
export async function registerSimWithAmctl(bed: PlatformBed, kubeconfig: string): Promise<void> {
  const config = parse(kubeconfig) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { user: { token: string } }[];
  };
  const cluster = config.clusters[0]!.cluster;
  await writeFile(join(bed.dir, 'sim-ca.pem'), Buffer.from(cluster['certificate-authority-data'], 'base64'));
  const steps = [
    ['env', 'unit', 'register', '--id', 'eu', '--name', 'Europe'],
    ['env', 'cluster', 'register', '--id', 'sim-1', '--unit', 'eu', '--name', 'sim-1', '--api-endpoint', cluster.server],
    ['env', 'namespace', 'register', '--id', 'shop-sim-1', '--cluster', 'sim-1', '--name', 'shop'],
    ['env', 'stage', 'register', '--id', 'dev-sim-1', '--namespace', 'shop-sim-1', '--name', 'dev'],
  ];
  steps[1]!.push('--ca-file', 'sim-ca.pem', '--token', config.users[0]!.user.token);
  for (const args of steps) {
    const run = await bed.amctl(args);
    assert.equal(run.code, 0, `amctl ${args.slice(0, 3).join(' ')}: ${run.stderr}`);
  }
}

/** A one-component application (microservice `api` on sim-1 / shop / dev), optionally with workflow steps. */
export function anApplication(name: string, steps?: unknown[]): Record<string, unknown> {
  return {
    apiVersion: 'appmanager.io/v1',
    kind: 'Application',
    metadata: { name },
    spec: {
      target: { cluster: 'sim-1', namespace: 'shop', stage: 'dev' },
      components: [{ name: 'api', type: 'microservice', properties: { image: `shop/${name}:1.0` } }],
      ...(steps ? { workflow: { steps } } : {}),
    },
  };
}

/** Writes an application as YAML into the bed's directory; answers its file name. */
export async function writeApplication(bed: PlatformBed, application: Record<string, unknown>): Promise<string> {
  const file = `${(application['metadata'] as { name: string }).name}.yaml`;
  await writeFile(join(bed.dir, file), stringify(application));
  return file;
}
