import { execFile, spawnSync } from 'node:child_process';
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
  postCreated,
  registerCluster,
  simulatedClusterAccess,
  startNatsServer,
  startS3Server,
  startServiceProcess,
  type PrivateNatsServer,
  type ServiceProcess,
  type TestDatabase,
} from '@appmanager/testing';

const appsDir = fileURLToPath(new URL('../../../', import.meta.url));
const mainOf = (app: string) => join(appsDir, app, 'dist/main.js');
const consoleDir = join(appsDir, 'console');

/** The console in front of a platform of its own: every port free-picked, so it runs beside `npm run up`. */
export interface ConsoleTestBed {
  console: ServiceProcess;
  deploy: ServiceProcess;
  nats: PrivateNatsServer;
  /** The demo users' passwords, by user name (admin, viewer). */
  passwords: Record<string, string>;
  kubectl(cluster: string, args: string[]): Promise<string>;
  close(): Promise<void>;
}

/** Builds the single-page app (`vite build`), as `npm run up` does before it starts the console. */
export function buildConsoleWeb(): void {
  const made = spawnSync(process.execPath, [join(appsDir, '../node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: consoleDir,
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(`vite build failed:\n${made.stderr || made.stdout}`);
}

/**
 * The platform as `npm run up` starts it, each part real and on its own port: NATS with its users, Postgres, S3,
 * cluster-sim (cluster `sim-1`, unit `local`, namespace `shop`, stage `dev`), the OIDC issuer with an admin and a
 * viewer, deploy, the sensor (api + a poller), the plug-in registry, add-on and build services, and the console.
 */
export async function startConsoleTestBed(options: { podReadyDelayMs: number }): Promise<ConsoleTestBed> {
  buildConsoleWeb();
  const work = mkdtempSync(join(tmpdir(), 'am-console-'));
  const [nats, sim, s3, ...dbs] = await Promise.all([
    startNatsServer({ users: natsPermissions() }),
    startClusterSim({ log: () => undefined, podReadyDelayMs: options.podReadyDelayMs }),
    startS3Server(),
    ...['deploy', 'sensor', 'registry', 'addon', 'build'].map((name) => createTestDatabase(`console-${name}`)),
  ]);
  const [deployDb, sensorDb, registryDb, addonDb, buildDb] = dbs as TestDatabase[];
  const started: ServiceProcess[] = [];
  const close = async () => {
    for (const process of started.reverse()) await process.stop().catch(() => undefined);
    await sim.close();
    await s3.stop();
    await nats.stop();
    await Promise.all(dbs.map((db) => db.drop()));
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const passwords = addUsers(join(work, 'users.json'), { admin: 'admin', viewer: 'viewer' });
    const [consolePort, identityPort] = [await freePort(), await freePort()];
    const identity = await startServiceProcess({
      name: 'identity',
      main: mainOf('identity'),
      port: identityPort,
      env: {
        IDENTITY_PORT: String(identityPort),
        IDENTITY_USERS_FILE: join(work, 'users.json'),
        IDENTITY_JWKS_FILE: join(work, 'jwks.json'),
        IDENTITY_CONSOLE_REDIRECT_URIS: `http://127.0.0.1:${consolePort}/callback`,
      },
    });
    started.push(identity);
    const service = async (name: string, app: string, env: NodeJS.ProcessEnv) => {
      const running = await startServiceProcess({
        name,
        main: mainOf(app),
        port: await freePort(),
        env: { PATH: process.env['PATH'] ?? '', NATS_URL: nats.urlOf(app), AUTH_OIDC_ISSUER: identity.url, LOG_LEVEL: 'info', ...env },
      });
      started.push(running);
      return running;
    };
    const internal = { INTERNAL_SERVICE_KEY: randomBytes(32).toString('base64') };
    const s3Env = {
      S3_ENDPOINT: s3.endPoint,
      S3_PORT: String(s3.port),
      S3_USE_SSL: 'false',
      S3_ACCESS_KEY: 'S3RVER',
      S3_SECRET_KEY: 'S3RVER',
    };
    const deploy = await service('deploy', 'deploy', {
      ...internal,
      DATABASE_URL: deployDb!.url,
      DEPLOY_SECRETS_KEY: randomBytes(32).toString('base64'),
    });
    await postCreated(deploy.url, '/v1/units', { id: 'local', name: 'this machine' });
    sim.createCluster('sim-1');
    await registerCluster(deploy.url, simulatedClusterAccess(sim, 'sim-1', 'local'), { name: 'shop', stages: ['dev'] });
    const sensorEnv = { ...internal, DATABASE_URL: sensorDb!.url };
    const [sensor, registry, addon, build] = await Promise.all([
      service('sensor api', 'sensor', { ...sensorEnv, SENSOR_ROLE: 'api' }),
      service('plugin-registry', 'plugin-registry', { ...s3Env, DATABASE_URL: registryDb!.url }),
      service('addon', 'addon', { ...internal, DATABASE_URL: addonDb!.url }),
      service('build', 'build', { ...s3Env, DATABASE_URL: buildDb!.url, BUILD_WORK_DIR: join(work, 'build') }),
      service('sensor poller', 'sensor', { ...sensorEnv, SENSOR_ROLE: 'poller', SENSOR_UNIT: 'local', SENSOR_POLLER_ID: 'p1' }),
    ]);
    const consoleApp = await startServiceProcess({
      name: 'console',
      main: join(consoleDir, 'dist/server/main.js'),
      port: consolePort,
      env: {
        NATS_URL: nats.urlOf('console'),
        CONSOLE_OIDC_ISSUER: identity.url,
        CONSOLE_DEPLOY_URL: deploy.url,
        CONSOLE_SENSOR_URL: sensor!.url,
        CONSOLE_PLUGIN_REGISTRY_URL: registry!.url,
        CONSOLE_ADDON_URL: addon!.url,
        CONSOLE_BUILD_URL: build!.url,
      },
    });
    started.push(consoleApp);
    return { console: consoleApp, deploy, nats, passwords, kubectl: (cluster, args) => kubectl(sim, cluster, args), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Demo users in the issuer's users file (`identity add-user`, which prints the password it made). */
function addUsers(file: string, users: Record<string, string>): Record<string, string> {
  const passwords: Record<string, string> = {};
  for (const [username, role] of Object.entries(users)) {
    const made = spawnSync(process.execPath, [mainOf('identity'), 'add-user', '--file', file, '--username', username, '--role', role], {
      encoding: 'utf8',
    });
    if (made.status !== 0) throw new Error(`identity add-user ${username}: ${made.stderr}`);
    passwords[username] = made.stdout.trim();
  }
  return passwords;
}

/** The real kubectl against one simulated cluster. */
async function kubectl(sim: ClusterSim, cluster: string, args: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'console-kubectl-'));
  try {
    writeFileSync(join(dir, 'kubeconfig'), sim.kubeconfig(cluster));
    const { stdout } = await promisify(execFile)(
      'kubectl',
      ['--kubeconfig', join(dir, 'kubeconfig'), '--cache-dir', join(dir, 'cache'), ...args],
      {
        timeout: 60_000,
      },
    );
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
