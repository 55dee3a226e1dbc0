import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  createTestDatabase,
  freePort,
  startNatsServer,
  startS3Server,
  startServiceProcess,
  type PrivateNatsServer,
  type PrivateS3Server,
  type ServiceProcess,
  type TestDatabase,
} from '@appmanager/testing';
import { AMCTL, runAmctl } from '../testing/run-amctl.js';
import { DeviceBrowser } from '../testing/device-browser.js';

const identityMain = fileURLToPath(new URL('../../../identity/dist/main.js', import.meta.url));
const registryMain = fileURLToPath(new URL('../../../plugin-registry/dist/main.js', import.meta.url));

/** Adds a user to the identity's users file with the identity's own command; answers the password it made. */
function addUser(file: string, username: string, ...roles: string[]): string {
  const made = spawnSync(process.execPath, [
    identityMain,
    'add-user',
    '--file',
    file,
    '--username',
    username,
    ...roles.flatMap((r) => ['--role', r]),
  ]);
  assert.equal(made.status, 0, made.stderr.toString());
  return made.stdout.toString().trim();
}

describe('amctl login against the local issuer, and a service that accepts its tokens', () => {
  let dir: string;
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let s3: PrivateS3Server;
  let identity: ServiceProcess;
  let registry: ServiceProcess;
  let adminPassword: string;
  let viewerPassword: string;
  /** amctl as one user on one machine: its own config home, the test's issuer and service. */
  let env: (configHome: string, extra?: Record<string, string>) => Record<string, string>;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amctl-login-'));
    const usersFile = join(dir, 'identity-users.json');
    adminPassword = addUser(usersFile, 'admin', 'admin');
    viewerPassword = addUser(usersFile, 'viewer', 'viewer');
    const identityPort = await freePort();
    const issuer = `http://127.0.0.1:${identityPort}`;
    [nats, database, s3] = await Promise.all([startNatsServer(), createTestDatabase('amctl_login'), startS3Server()]);
    identity = await startServiceProcess({
      name: 'identity',
      main: identityMain,
      port: identityPort,
      env: {
        IDENTITY_PORT: String(identityPort),
        IDENTITY_USERS_FILE: usersFile,
        IDENTITY_JWKS_FILE: join(dir, 'identity-jwks.json'),
        LOG_LEVEL: 'warn',
      },
    });
    registry = await startServiceProcess({
      name: 'plugin-registry',
      main: registryMain,
      port: await freePort(),
      env: {
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        S3_ENDPOINT: s3.endPoint,
        S3_PORT: String(s3.port),
        S3_USE_SSL: 'false',
        S3_ACCESS_KEY: s3.accessKey,
        S3_SECRET_KEY: s3.secretKey,
        AUTH_OIDC_ISSUER: issuer,
        BUILTIN_PLUGINS_DIR: '',
        LOG_LEVEL: 'warn',
      },
    });
    env = (configHome, extra = {}) => ({
      XDG_CONFIG_HOME: join(dir, configHome),
      AMCTL_ISSUER: issuer,
      AMCTL_DEPLOY: registry.url,
      AMCTL_REGISTRY: registry.url,
      AMCTL_TOKEN: '',
      ...extra,
    });
  });

  after(async () => {
    await Promise.all([registry?.stop(), identity?.stop()]);
    await Promise.all([nats?.stop(), database?.drop(), s3?.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('logs in with a password from stdin and keeps the tokens in a file only the user can read', async () => {
    const login = await runAmctl(['login', '--username', 'admin', '--password-stdin'], { env: env('admin'), input: `${adminPassword}\n` });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stderr, /logged in at http:\/\/127\.0\.0\.1:\d+ as admin/);
    const file = join(dir, 'admin', 'amctl', 'credentials.json');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const stored = JSON.parse(await readFile(file, 'utf8'));
    assert.equal(stored.username, 'admin');
    assert.ok(stored.refreshToken, 'a refresh token is kept');
    assert.ok(Date.parse(stored.expiresAt) > Date.now());
  });

  it("is taken by a service for the issuer's user, with the roles of the users file", async () => {
    const whoami = await runAmctl(['whoami', '-o', 'json'], { env: env('admin') });
    assert.equal(whoami.code, 0, whoami.stderr);
    assert.deepEqual(JSON.parse(whoami.stdout), { subject: 'admin (admin)', via: 'oidc', roles: ['admin'] });
    const token = (await runAmctl(['auth', 'token'], { env: env('admin') })).stdout.trim();
    const response = await fetch(`${registry.url}/v1/whoami`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200, 'the printed token works for curl too');
  });

  it('refreshes an expired access token with the refresh token, without asking the user again', async () => {
    const file = join(dir, 'admin', 'amctl', 'credentials.json');
    const stored = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...stored, expiresAt: new Date(Date.now() - 60_000).toISOString() }));
    const whoami = await runAmctl(['whoami', '-o', 'json'], { env: env('admin') });
    assert.equal(whoami.code, 0, whoami.stderr);
    assert.deepEqual(JSON.parse(whoami.stdout).roles, ['admin']);
    const refreshed = JSON.parse(await readFile(file, 'utf8'));
    assert.notEqual(refreshed.accessToken, stored.accessToken);
    assert.ok(Date.parse(refreshed.expiresAt) > Date.now());
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });

  it('refuses a wrong password, says so, and keeps no credentials', async () => {
    const login = await runAmctl(['login', '--username', 'admin', '--password-stdin'], { env: env('wrong'), input: 'not-the-password\n' });
    assert.equal(login.code, 1);
    assert.match(login.stderr, /login refused: wrong username or password for "admin"/);
    await assert.rejects(stat(join(dir, 'wrong', 'amctl', 'credentials.json')), { code: 'ENOENT' });
  });

  it('logs in by the device flow once the user confirms the code and signs in on the verification page', async () => {
    const child = spawn(process.execPath, [AMCTL, 'login'], {
      env: { ...process.env, ...env('device') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const exited = once(child, 'exit');
    while (!/open (\S+)/.test(stderr)) {
      if (child.exitCode !== null) assert.fail(`amctl login exited early: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const link = /open (\S+)/.exec(stderr)![1]!;
    const code = /the code (\S+)/.exec(stderr)![1]!;
    assert.match(link, new RegExp(`user_code=${code}$`));

    const browser = new DeviceBrowser(identity.url);
    const autoSubmit = await browser.open(link);
    const confirm = await browser.submit(autoSubmit.html);
    assert.match(confirm.html, new RegExp(code), 'the page shows the code the terminal printed');
    const loginPage = await browser.submit(confirm.html, { confirm: 'yes' });
    assert.match(loginPage.html, /Sign in to AppManager/);
    const refused = await browser.submit(loginPage.html, { username: 'viewer', password: 'wrong-password' });
    assert.equal(refused.status, 401);
    assert.match(refused.html, /Wrong user name or password/);
    const done = await browser.submit(refused.html, { username: 'viewer', password: viewerPassword });
    assert.match(done.html, /Sign-in Success/);

    const [exitCode] = (await exited) as [number];
    assert.equal(exitCode, 0, stderr);
    assert.match(stderr, /logged in at .* as viewer/);
    const whoami = await runAmctl(['whoami', '-o', 'json'], { env: env('device') });
    assert.deepEqual(JSON.parse(whoami.stdout).roles, ['viewer']);
  });

  it('creates an API token for CI, lists it, and revokes it so services refuse it', async () => {
    const created = await runAmctl(['token', 'create', '--name', 'ci', '--role', 'launcher', '--project', 'shop', '--days', '30'], {
      env: env('admin'),
    });
    assert.equal(created.code, 0, created.stderr);
    const token = created.stdout.trim();
    assert.match(token, /^amt_[0-9a-f]{16}_/);
    const id = token.split('_')[1]!;
    const asCi = await runAmctl(['whoami', '-o', 'json'], { env: env('ci', { AMCTL_TOKEN: token }) });
    assert.deepEqual(JSON.parse(asCi.stdout), { subject: `api-token:${id} (ci)`, via: 'api-token', roles: ['launcher@shop'] });

    const listed = await runAmctl(['token', 'list'], { env: env('admin') });
    assert.match(listed.stdout, new RegExp(`^${id} +ci +launcher@shop +\\S+ +active$`, 'm'));
    assert.equal((await runAmctl(['token', 'revoke', id], { env: env('admin') })).code, 0);
    assert.match((await runAmctl(['token', 'list'], { env: env('admin') })).stdout, new RegExp(`^${id} .* revoked `, 'm'));

    const revoked = await runAmctl(['whoami'], { env: env('ci', { AMCTL_TOKEN: token }) });
    assert.equal(revoked.code, 3);
    assert.match(revoked.stderr, /not logged in or token expired: run amctl login \(API token \w+ was revoked/);
  });

  it('lists plug-ins with $AMCTL_TOKEN, and without any credential tells the user to log in', async () => {
    const created = await runAmctl(['token', 'create', '--name', 'reader', '--role', 'viewer'], { env: env('admin') });
    const listed = await runAmctl(['plugin', 'list'], { env: env('ci', { AMCTL_TOKEN: created.stdout.trim() }) });
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^NAME +VERSION +STATE +CHECKSUM$/m);

    const anonymous = await runAmctl(['plugin', 'list'], { env: env('nobody') });
    assert.equal(anonymous.code, 3);
    assert.equal(anonymous.stderr.trim(), 'not logged in or token expired: run amctl login');
    const viewer = await runAmctl(['token', 'create', '--name', 'x', '--role', 'admin'], { env: env('device') });
    assert.equal(viewer.code, 1);
    assert.match(viewer.stderr, /deploy answered 403/);
  });
});
