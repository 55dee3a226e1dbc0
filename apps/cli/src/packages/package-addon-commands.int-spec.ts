import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { access, mkdtemp, rm } from 'node:fs/promises';
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
  testAdminToken,
  type PrivateNatsServer,
  type PrivateS3Server,
  type ServiceProcess,
  type TestDatabase,
} from '@appmanager/testing';
import { runAmctl } from '../testing/run-amctl.js';

const buildMain = fileURLToPath(new URL('../../../build/dist/main.js', import.meta.url));
const addonMain = fileURLToPath(new URL('../../../addon/dist/main.js', import.meta.url));

describe('amctl package and addon against the build and addon services', () => {
  let dir: string;
  let nats: PrivateNatsServer;
  let databases: TestDatabase[];
  let s3: PrivateS3Server;
  let services: ServiceProcess[] = [];
  let env: Record<string, string>;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amctl-packages-'));
    let buildDb: TestDatabase, addonDb: TestDatabase;
    [nats, buildDb, addonDb, s3] = await Promise.all([
      startNatsServer(),
      createTestDatabase('amctl_build'),
      createTestDatabase('amctl_addon'),
      startS3Server(),
    ]);
    databases = [buildDb, addonDb];
    const common = { PATH: process.env['PATH'] ?? '', NATS_URL: nats.url, LOG_LEVEL: 'warn' };
    services = await Promise.all([
      startServiceProcess({
        name: 'build',
        main: buildMain,
        port: await freePort(),
        env: {
          ...common,
          DATABASE_URL: buildDb.url,
          S3_ENDPOINT: s3.endPoint,
          S3_PORT: String(s3.port),
          S3_USE_SSL: 'false',
          S3_ACCESS_KEY: s3.accessKey,
          S3_SECRET_KEY: s3.secretKey,
          BUILD_WORK_DIR: join(dir, 'build-work'),
        },
      }),
      startServiceProcess({
        name: 'addon',
        main: addonMain,
        port: await freePort(),
        env: { ...common, DATABASE_URL: addonDb.url, ADDON_SECRETS_KEYS: `k1:${randomBytes(32).toString('base64')}` },
      }),
    ]);
    env = { AMCTL_TOKEN: testAdminToken, AMCTL_BUILD: services[0]!.url, AMCTL_ADDON: services[1]!.url };
  });

  after(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await nats?.stop();
    await s3?.stop();
    await Promise.all((databases ?? []).map((d) => d.drop()));
    await rm(dir, { recursive: true, force: true });
  });

  const amctl = (args: string[]) => runAmctl(args, { env, cwd: dir });

  it('lists no packages for a new application, as JSON or as an empty table', async () => {
    const json = await amctl(['package', 'list', 'shop', '-o', 'json']);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), []);
    const table = await amctl(['package', 'list', 'shop']);
    assert.deepEqual([table.code, table.stdout, table.stderr.trim()], [0, '', '(none)']);
  });

  it('refuses to build an application that has no build configuration, and to export a package that does not exist', async () => {
    const build = await amctl(['package', 'build', 'shop']);
    assert.equal(build.code, 2, build.stderr);
    assert.match(build.stderr, /^build answered \d{3}: /m);
    const exported = await amctl(['package', 'export', randomUUID(), '-o', 'shop.zip']);
    assert.equal(exported.code, 1);
    assert.match(exported.stderr, /build answered 404/);
    await assert.rejects(access(join(dir, 'shop.zip')), 'no file is left behind');
  });

  it('lists add-on instances and names the one it cannot release', async () => {
    const listed = await amctl(['addon', 'list', '-o', 'yaml']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(listed.stdout.trim(), '[]');
    const released = await amctl(['addon', 'release', randomUUID()]);
    assert.equal(released.code, 1);
    assert.match(released.stderr, /the addon service answered 404/);
  });
});
