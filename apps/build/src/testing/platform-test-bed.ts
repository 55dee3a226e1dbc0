import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startClusterSim, type ClusterSim } from '@appmanager/kube-sim';
import {
  createTestDatabase,
  freePort,
  postCreated,
  registerCluster,
  simulatedClusterAccess,
  startServiceProcess,
  type ServiceProcess,
  type TestDatabase,
  adminFetch,
} from '@appmanager/testing';
import { startBuildTestBed, type BuildTestBed } from './build-test-bed.js';

const deployMain = fileURLToPath(new URL('../../../deploy/dist/main.js', import.meta.url));
const addonMain = fileURLToPath(new URL('../../../addon/dist/main.js', import.meta.url));

/** build, deploy and the add-on service as processes, cluster-sim with cluster `eu-1` (namespace `shop`, stage `dev`). */
export interface PlatformTestBed extends BuildTestBed {
  sim: ClusterSim;
  build: ServiceProcess;
  deploy: ServiceProcess;
  addon: ServiceProcess;
  /** The real kubectl against `eu-1`. */
  kubectl(args: string[]): Promise<string>;
  /** The real kubectl against another simulated cluster. */
  kubectlOn(cluster: string, args: string[]): Promise<string>;
  /** Launches through deploy's API and waits for the deployment to end; its final view. */
  deployAndWait(body: Record<string, unknown>): Promise<{ id: string; state: string; reason?: string }>;
}

export async function startPlatformTestBed(label: string, options: { buildEnv?: Record<string, string> } = {}): Promise<PlatformTestBed> {
  const bed = await startBuildTestBed(label);
  const databases: TestDatabase[] = [];
  const processes: ServiceProcess[] = [];
  const sim = await startClusterSim({ log: () => undefined, podReadyDelayMs: 100 });
  const kubeDir = mkdtempSync(join(tmpdir(), `${label}-kube-`));
  const close = async () => {
    for (const p of processes.reverse()) await p.stop().catch(() => undefined);
    await sim.close();
    await Promise.all(databases.map((d) => d.drop().catch(() => undefined)));
    rmSync(kubeDir, { recursive: true, force: true });
    await bed.close();
  };
  try {
    const [deployDb, addonDb] = await Promise.all([createTestDatabase(`${label}-deploy`), createTestDatabase(`${label}-addon`)]);
    databases.push(deployDb, addonDb);
    const common = {
      PATH: process.env['PATH'] ?? '',
      NATS_URL: bed.nats.url,
      INTERNAL_SERVICE_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'info',
    };
    const build = await bed.startBuild({ INTERNAL_SERVICE_KEY: common.INTERNAL_SERVICE_KEY, ...options.buildEnv });
    const deploy = await startServiceProcess({
      name: 'deploy',
      main: deployMain,
      port: await freePort(),
      env: { ...common, DATABASE_URL: deployDb.url, DEPLOY_SECRETS_KEY: randomBytes(32).toString('base64') },
    });
    processes.push(deploy);
    const addon = await startServiceProcess({
      name: 'addon',
      main: addonMain,
      port: await freePort(),
      env: {
        ...common,
        DATABASE_URL: addonDb.url,
        ADDON_SECRETS_KEYS: `k1:${randomBytes(32).toString('base64')}`,
        ADDON_SYSTEM_ENV: 'DB_HOST,DB_PORT',
        DB_HOST: 'mysql.sreworks.svc',
        DB_PORT: '3306',
      },
    });
    processes.push(addon);
    sim.createCluster('eu-1');
    await postCreated(deploy.url, '/v1/units', { id: 'eu', name: 'eu' });
    const access = simulatedClusterAccess(sim, 'eu-1', 'eu');
    await registerCluster(deploy.url, access, { name: 'shop', stages: ['dev'] });
    const kubectl = async (cluster: string, args: string[]) => {
      writeFileSync(join(kubeDir, `${cluster}.kubeconfig`), sim.kubeconfig(cluster));
      const { stdout } = await promisify(execFile)('kubectl', [
        '--kubeconfig',
        join(kubeDir, `${cluster}.kubeconfig`),
        '--cache-dir',
        join(kubeDir, 'cache'),
        ...args,
      ]);
      return stdout;
    };
    return {
      ...bed,
      sim,
      build,
      deploy,
      addon,
      kubectl: (args) => kubectl('eu-1', args),
      kubectlOn: (cluster, args) => kubectl(cluster, args),
      async deployAndWait(body) {
        const launched = await adminFetch(`${deploy.url}/v1/deployments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const created = (await launched.json()) as { id: string };
        if (launched.status !== 202 && launched.status !== 201) throw new Error(`launch: ${launched.status} ${JSON.stringify(created)}`);
        for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
          const view = (await (await adminFetch(`${deploy.url}/v1/deployments/${created.id}`)).json()) as {
            id: string;
            state: string;
            reason?: string;
          };
          if (['SUCCESS', 'FAILURE', 'EXCEPTION', 'TERMINATED'].includes(view.state)) return view;
        }
        throw new Error(`deployment ${created.id} did not end in 120 s`);
      },
      async close() {
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
