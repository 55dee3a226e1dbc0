import { randomBytes } from 'node:crypto';
import https from 'node:https';
import { fileURLToPath } from 'node:url';
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
  type TestDatabase,
} from '@appmanager/testing';

const deployMain = fileURLToPath(new URL('../../../deploy/dist/main.js', import.meta.url));
const addonMain = fileURLToPath(new URL('../main.js', import.meta.url));

/** NATS, Postgres (the add-on's server too), cluster-sim, deploy and add-on processes: add-ons end to end, every part real. */
export interface AddonTestBed {
  nats: PrivateNatsServer;
  sim: ClusterSim;
  /** The Postgres database the add-on service creates databases and roles on (as an admin). */
  server: TestDatabase;
  deploy: ServiceProcess;
  addons: ServiceProcess[];
  startAddon(): Promise<ServiceProcess>;
  close(): Promise<void>;
}

/** One cluster `eu-1`, namespace `shop`, stage `dev`, registered with deploy. */
export async function startAddonTestBed(): Promise<AddonTestBed> {
  const [nats, deployDb, addonDb, server, sim] = await Promise.all([
    startNatsServer(),
    createTestDatabase('addon-e2e-deploy'),
    createTestDatabase('addon-e2e-addon'),
    createTestDatabase('addon-e2e-server'),
    startClusterSim({ log: () => undefined, podReadyDelayMs: 200 }),
  ]);
  const sharedKey = randomBytes(32).toString('base64');
  const addonKeys = `k1:${randomBytes(32).toString('base64')}`;
  const common = { PATH: process.env['PATH'] ?? '', NATS_URL: nats.url, INTERNAL_SERVICE_KEY: sharedKey, LOG_LEVEL: 'info' };
  const started: ServiceProcess[] = [];
  const addons: ServiceProcess[] = [];
  const close = async () => {
    for (const process of started.reverse()) await process.stop().catch(() => undefined);
    await sim.close();
    await nats.stop();
    await Promise.all([deployDb.drop(), addonDb.drop(), server.drop()]);
  };
  const startAddon = async () => {
    const addon = await startServiceProcess({
      name: 'addon',
      main: addonMain,
      port: await freePort(),
      env: {
        ...common,
        DATABASE_URL: addonDb.url,
        ADDON_POSTGRES_URL: server.url,
        ADDON_SECRETS_KEYS: addonKeys,
        // what AppManager's system-env may hand out here, and the values
        ADDON_SYSTEM_ENV: 'DB_HOST,DB_PORT',
        // drift checks every second here (5 min by default)
        ADDON_RECHECK_INTERVAL_MS: '1000',
        DB_HOST: 'mysql.sreworks.svc',
        DB_PORT: '3306',
      },
    });
    started.push(addon);
    addons.push(addon);
    return addon;
  };
  try {
    const deploy = await startServiceProcess({
      name: 'deploy',
      main: deployMain,
      port: await freePort(),
      env: { ...common, DATABASE_URL: deployDb.url, DEPLOY_SECRETS_KEY: randomBytes(32).toString('base64') },
    });
    started.push(deploy);
    sim.createCluster('eu-1');
    await postCreated(deploy.url, '/v1/units', { id: 'eu', name: 'eu' });
    const access = simulatedClusterAccess(sim, 'eu-1', 'eu');
    await registerCluster(deploy.url, access, { name: 'shop', stages: ['dev'] });
    await startAddon();
    return { nats, sim, server, deploy, addons, startAddon, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The three-tier application whose backend needs a `postgres-database` add-on: host as a value, password from its Secret. */
export function shopWithDatabase(appId: string, deletionPolicy: 'Delete' | 'Orphan'): Record<string, unknown> {
  return {
    apiVersion: 'appmanager.io/v1',
    kind: 'Application',
    metadata: { name: appId },
    spec: {
      target: { cluster: 'eu-1', namespace: 'shop', stage: 'dev' },
      components: [
        {
          name: 'db',
          type: 'postgres-database',
          addon: true,
          properties: { deletionPolicy, app: appId },
          outputs: [
            { name: 'db.host', from: '{{ host }}' },
            { name: 'db.name', from: '{{ database }}' },
            { name: 'db.secret', from: '{{ secret.name }}' },
          ],
        },
        {
          name: 'backend',
          type: 'microservice',
          properties: { image: 'shop/backend:1.0', secretEnv: { DB_PASSWORD: { secret: 'set-by-input', key: 'password' } } },
          inputs: [
            { from: 'db.host', to: ['properties.env.DB_HOST'] },
            { from: 'db.name', to: ['properties.env.DB_NAME'] },
            { from: 'db.secret', to: ['properties.secretEnv.DB_PASSWORD.secret'] },
          ],
          outputs: [{ name: 'backend.url', from: 'http://{{ metadata.name }}:8080' }],
        },
        {
          name: 'frontend',
          type: 'microservice',
          properties: { image: 'shop/frontend:1.0' },
          inputs: [{ from: 'backend.url', to: ['properties.env.BACKEND_URL'] }],
        },
      ],
    },
  };
}

/** A GET on the kube API of cluster-sim's `eu-1`, as JSON (null for 404). */
export async function kubeGet<T = Record<string, unknown>>(sim: ClusterSim, path: string): Promise<T | null> {
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    https
      .get(
        `${sim.serverOf('eu-1')}${path}`,
        { ca: sim.caPem, headers: { authorization: `Bearer ${sim.registry.tokenOf('eu-1')}` } },
        (res) => {
          let chunks = '';
          res.on('data', (c) => (chunks += String(c)));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: chunks }));
        },
      )
      .on('error', reject);
  });
  if (status === 404) return null;
  if (status !== 200) throw new Error(`GET ${path}: ${status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

/** AppManager's own file shape: SREWorks' `RESOURCE_ADDON|system-env@system-env` feeding `{{ Global.DB_HOST }}` to a microservice. */
export const searchWithSystemEnv = `
apiVersion: core.oam.dev/v1alpha2
kind: ApplicationConfiguration
metadata:
  name: search
  annotations: { appId: search, clusterId: eu-1, namespaceId: shop, stageId: dev }
spec:
  components:
    - revisionName: RESOURCE_ADDON|system-env@system-env|1.0
      parameterValues:
        - name: keys
          toFieldPaths: [spec.keys]
          value: [DB_HOST, DB_PORT]
      dataOutputs:
        - fieldPath: '{{ spec.env.DB_HOST }}'
          name: Global.DB_HOST
        - fieldPath: '{{ spec.env.DB_PORT }}'
          name: Global.DB_PORT
    - revisionName: K8S_MICROSERVICE|tkgone|_
      dependencies:
        - component: RESOURCE_ADDON|system-env@system-env
      workload:
        apiVersion: apps.abm.io/v1
        kind: Microservice
        spec:
          kind: Deployment
          replicas: 1
          containers:
            - name: tkgone
              image: sreworks/tkgone:1.0
          env:
            DB_HOST: '{{ Global.DB_HOST }}'
            DB_PORT: '{{ Global.DB_PORT }}'
`;
