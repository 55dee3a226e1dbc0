import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { PluginCatalog, RegistryDefinitionSource, registryFetch } from '@appmanager/plugin-catalog';
import { unpackPlugin } from '@appmanager/plugin-package';
import { startService, type RunningService } from '@appmanager/service-host';
import {
  createTestDatabase,
  nextMessage,
  startNatsServer,
  startS3Server,
  type PrivateNatsServer,
  type PrivateS3Server,
  type TestDatabase,
  testAdminToken,
} from '@appmanager/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { adminRequest as request } from '@appmanager/testing';
import { pluginRegistryService } from '../../plugin-registry.service.js';
import { registryTestEnv } from '../../testing/registry-test-env.js';
import { aManifest, anUncheckedArchive, aPackage, ECHO_SCRIPT } from '../../testing/plugin-archives.js';

/** The compiled amctl, run as a separate process the way a user runs it. */
const AMCTL = fileURLToPath(new URL('../../../../cli/dist/main.js', import.meta.url));
function amctl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [AMCTL, ...args],
      { timeout: 30_000, env: { ...process.env, AMCTL_TOKEN: testAdminToken } },
      (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
    );
  });
}

describe('plugin-registry: packages over HTTP', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let s3: PrivateS3Server;
  let service: RunningService;
  let subscriber: NatsConnection;

  before(async () => {
    [nats, database, s3] = await Promise.all([startNatsServer(), createTestDatabase('plugin_registry_packages'), startS3Server()]);
    service = await startService(pluginRegistryService, { env: await registryTestEnv(nats, database, s3, 'plugins-test') });
    // a plain NATS client, as any outside system would subscribe
    subscriber = await connect({ servers: nats.url });
  });

  after(async () => {
    await subscriber?.close();
    await service?.close();
    await Promise.all([nats?.stop(), database?.drop(), s3?.stop()]);
  });

  const upload = (archive: Buffer, query = '') => request(service.url).post(`/v1/plugins${query}`).attach('file', archive, 'plugin.tgz');

  it('installs an uploaded package, answers with its checksum and announces it on NATS', async () => {
    const packed = await aPackage();
    const installed = nextMessage<{ type: string; data: Record<string, unknown> }>(subscriber, 'plugin.evt.plugin.installed.v1');
    const response = await upload(packed.archive).expect(201);
    assert.equal(response.body.checksum, packed.checksum);
    assert.equal(response.body.outcome, 'created');
    assert.deepEqual(response.body.definitions, [{ kind: 'Component', type: 'echo' }]);
    const event = await installed;
    assert.deepEqual(event.body.data, {
      name: 'echo.appmanager.io',
      version: '1.0.0',
      checksum: packed.checksum,
      definitions: [{ kind: 'Component', type: 'echo' }],
    });
    const listed = await request(service.url).get('/v1/plugins').expect(200);
    assert.deepEqual(
      listed.body.items.map((p: { name: string; version: string }) => `${p.name}@${p.version}`),
      ['echo.appmanager.io@1.0.0'],
    );
  });

  it('does nothing for the same content again, refuses other content under the version with 409, and replaces it when forced', async () => {
    assert.equal((await upload((await aPackage()).archive).expect(200)).body.outcome, 'unchanged');
    const changed = await aPackage(aManifest(), `${ECHO_SCRIPT}// v2\n`);
    const conflict = await upload(changed.archive).expect(409);
    assert.match(conflict.body.message, /echo\.appmanager\.io@1\.0\.0 is already installed with other content.*force=true/);
    const forced = await upload(changed.archive, '?force=true').expect(201);
    assert.equal(forced.body.outcome, 'replaced');
    assert.equal(forced.body.checksum, changed.checksum);
  });

  it('serves the archive with a checksum header that matches its content', async () => {
    await upload((await aPackage(aManifest({ version: '1.1.0' }))).archive).expect(201);
    const response = await request(service.url)
      .get('/v1/plugins/echo.appmanager.io/1.1.0/archive')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    assert.equal(response.headers['content-type'], 'application/gzip');
    assert.equal((await unpackPlugin(response.body as Buffer)).checksum, response.headers['x-checksum']);
  });

  it('refuses bad archives with 422 naming the problem', async () => {
    const cases: Array<[Buffer, RegExp]> = [
      [Buffer.from('this is not a tarball'), /not a gzip-compressed tar archive/],
      [
        await anUncheckedArchive(aManifest({ definitions: [{ ...aManifest().definitions[0]!, propertiesSchema: { type: 'nonsense' } }] })),
        /definitions\[0\]\.propertiesSchema: not a valid JSON Schema/,
      ],
      [await anUncheckedArchive({ ...aManifest(), version: 'latest' }), /version: "latest" is not a semver version/],
      [
        await anUncheckedArchive(
          aManifest({ definitions: [{ ...aManifest().definitions[0]!, kind: 'Policy', capabilities: { kube: true } }] }),
        ),
        /definitions\[0\]\.capabilities\.kube: Policy plug-ins cannot have/,
      ],
      [
        await anUncheckedArchive(aManifest(), { 'dist/echo.js': 'exports.render = function ( {' }),
        /definitions\[0\]\.script: dist\/echo\.js does not compile in QuickJS: SyntaxError/,
      ],
      [await anUncheckedArchive(aManifest(), {}), /definitions\[0\]\.script: "dist\/echo\.js" is not in the archive/],
    ];
    for (const [archive, message] of cases) {
      const response = await upload(archive).expect(422);
      assert.match(response.body.message, message);
    }
    await request(service.url).post('/v1/plugins').field('note', 'no file').expect(422);
  });

  it('lists versions newest first, disables and enables a version and announces both', async () => {
    const versions = await request(service.url).get('/v1/plugins/echo.appmanager.io/versions').expect(200);
    assert.deepEqual(
      versions.body.versions.map((v: { version: string }) => v.version),
      ['1.1.0', '1.0.0'],
    );
    const disabled = nextMessage<{ data: unknown }>(subscriber, 'plugin.evt.plugin.disabled.v1');
    assert.equal((await request(service.url).post('/v1/plugins/echo.appmanager.io/1.1.0/disable').expect(200)).body.enabled, false);
    assert.deepEqual((await disabled).body.data, { name: 'echo.appmanager.io', version: '1.1.0' });
    const resolved = await request(service.url).get('/v1/definitions/resolve?kind=Component&type=echo&version=^1').expect(200);
    assert.equal(resolved.body.version, '1.0.0', 'a disabled version is not resolved');
    const enabled = nextMessage<{ data: unknown }>(subscriber, 'plugin.evt.plugin.enabled.v1');
    await request(service.url).post('/v1/plugins/echo.appmanager.io/1.1.0/enable').expect(200);
    assert.deepEqual((await enabled).body.data, { name: 'echo.appmanager.io', version: '1.1.0' });
  });

  it('resolves a definition by kind, type and semver range, with its schema and script', async () => {
    const resolved = await request(service.url).get('/v1/definitions/resolve?kind=Component&type=echo&version=^1').expect(200);
    assert.equal(resolved.body.version, '1.1.0');
    assert.deepEqual(resolved.body.definition.propertiesSchema, aManifest().definitions[0]!.propertiesSchema);
    assert.match(resolved.body.script, /exports\.render/);
    await request(service.url).get('/v1/definitions/resolve?kind=Component&type=echo&version=^2').expect(404);
    await request(service.url).get('/v1/definitions/resolve?kind=Groovy&type=echo').expect(422);
    await request(service.url).get('/v1/definitions/resolve?kind=Component&type=echo&version=not-a-range').expect(400);
  });

  it('resolves a definition by one of its aliases, and refuses with 409 an alias another package already answers to', async () => {
    const legacy = aManifest({ name: 'legacy-echo.appmanager.io', version: '1.0.0' });
    legacy.definitions[0] = { ...legacy.definitions[0]!, type: 'legacy-echo', aliases: ['K8S_ECHO', 'ECHO'] };
    await upload((await aPackage(legacy)).archive).expect(201);
    const resolved = await request(service.url).get('/v1/definitions/resolve?kind=Component&type=K8S_ECHO').expect(200);
    assert.deepEqual(
      [resolved.body.name, resolved.body.definition.type, resolved.body.definition.aliases],
      ['legacy-echo.appmanager.io', 'legacy-echo', ['K8S_ECHO', 'ECHO']],
    );
    assert.match(resolved.body.script, /exports\.render/);
    await request(service.url).get('/v1/definitions/resolve?kind=Trait&type=K8S_ECHO').expect(404);

    const claimsEcho = aManifest({ name: 'other-echo.appmanager.io', version: '1.0.0' });
    claimsEcho.definitions[0] = { ...claimsEcho.definitions[0]!, type: 'other', aliases: ['echo', 'ECHO'] };
    const refused = await upload((await aPackage(claimsEcho)).archive).expect(409);
    assert.match(
      refused.body.message,
      /Component "echo" \(of other-echo\.appmanager\.io@1\.0\.0 other\) is already the type of echo in echo\.appmanager\.io@/,
    );
    assert.match(refused.body.message, /Component "ECHO" .* is already the alias of legacy-echo in legacy-echo\.appmanager\.io@1\.0\.0/);
    await request(service.url).get('/v1/plugins/other-echo.appmanager.io/1.0.0').expect(404);

    // a disabled version claims nothing; enabling it is checked as an upload is
    await upload((await aPackage(claimsEcho)).archive, '?enable=false').expect(201);
    const enabling = await request(service.url).post('/v1/plugins/other-echo.appmanager.io/1.0.0/enable').expect(409);
    assert.match(enabling.body.message, /Component "ECHO" .* is already the alias of legacy-echo/);
  });

  it('runs a definition once in the sandbox for its author', async () => {
    const input = { component: { type: 'echo', name: 'web' }, properties: { image: 'nginx:1.27' } };
    const run = await request(service.url)
      .post('/v1/plugins/echo.appmanager.io/1.1.0/definitions/Component/echo:run')
      .send({ fn: 'render', input })
      .expect(200);
    assert.deepEqual(run.body.value.resources[0].data, { image: 'nginx:1.27' });
    const bad = await request(service.url)
      .post('/v1/plugins/echo.appmanager.io/1.1.0/definitions/Component/echo:run')
      .send({ fn: 'render', input: { ...input, properties: {} } })
      .expect(422);
    assert.equal(bad.body.code, 'PLUGIN_BAD_INPUT');
    await request(service.url)
      .post('/v1/plugins/echo.appmanager.io/1.1.0/definitions/Component/nope:run')
      .send({ fn: 'render' })
      .expect(404);
  });

  it('runs each :run call in a sandbox of its own: a step that stashes inputs in globalThis and patches intrinsics finds nothing of the call before', async () => {
    const manifest = aManifest({
      name: 'stasher.appmanager.io',
      version: '1.0.0',
      definitions: [
        {
          kind: 'WorkflowStep',
          type: 'stasher',
          script: 'dist/stasher.js',
          capabilities: {},
          installRoles: ['admin'],
          propertiesSchema: { type: 'object' },
        },
      ],
    });
    const script = `exports.execute = function (input) {
      globalThis.__seen = globalThis.__seen || [];
      const before = globalThis.__seen.length;
      const patched = Object.prototype.__mark === 'patched' || Array.prototype.map.__patched === true;
      globalThis.__seen.push(input.properties);
      Object.prototype.__mark = 'patched';
      const map = Array.prototype.map;
      Array.prototype.map = function () { return map.apply(this, arguments); };
      Array.prototype.map.__patched = true;
      return { outcome: 'succeeded', outputs: { before: before, patched: patched } };
    };`;
    await upload((await aPackage(manifest, script)).archive).expect(201);
    for (const secret of ['first', 'second', 'third']) {
      const run = await request(service.url)
        .post('/v1/plugins/stasher.appmanager.io/1.0.0/definitions/WorkflowStep/stasher:run')
        .send({ fn: 'execute', input: { step: { type: 'stasher', name: 's' }, properties: { secret }, inputs: {}, workflowContext: {} } })
        .expect(200);
      assert.deepEqual(run.body.value.outputs, { before: 0, patched: false }, `call with ${secret}`);
    }
  });

  it('keeps a PluginCatalog client current: a newly installed version is resolved without waiting', async () => {
    const catalog = new PluginCatalog(
      new RegistryDefinitionSource(service.url, registryFetch({ PLUGIN_REGISTRY_TOKEN: testAdminToken })),
      subscriber,
    );
    catalog.start();
    await subscriber.flush();
    assert.equal((await catalog.resolve('Component', 'echo', '^1')).version, '1.1.0');
    const reloaded = new Promise((resolve) => catalog.onChange(resolve));
    await upload((await aPackage(aManifest({ version: '1.2.0' }))).archive).expect(201);
    assert.deepEqual(await reloaded, { reason: 'installed', name: 'echo.appmanager.io', version: '1.2.0' });
    const entry = await catalog.resolve('Component', 'echo', '^1');
    assert.equal(entry.version, '1.2.0');
    assert.match(entry.plugin.key, /^echo\.appmanager\.io@1\.2\.0\/Component\/echo#/);
    await catalog.stop();
    await request(service.url).delete('/v1/plugins/echo.appmanager.io/1.2.0').expect(204);
  });

  it('takes a package pushed with amctl, which lists it with the same checksum', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'registry-amctl-'));
    try {
      const packed = await aPackage(aManifest({ name: 'pushed.appmanager.io' }));
      await writeFile(join(dir, 'pushed.tgz'), packed.archive);
      const push = await amctl(['plugin', 'push', join(dir, 'pushed.tgz'), '--registry', service.url]);
      assert.equal(push.code, 0, push.stderr);
      assert.match(push.stdout, new RegExp(`pushed pushed\\.appmanager\\.io@1\\.0\\.0 ${packed.checksum}`));
      const list = await amctl(['plugin', 'list', '--registry', service.url]);
      assert.match(list.stdout, new RegExp(`pushed\\.appmanager\\.io +1\\.0\\.0 +enabled +${packed.checksum}`));
      assert.match(
        (await amctl(['plugin', 'push', join(dir, 'pushed.tgz'), '--registry', service.url])).stdout,
        /pushed/,
        'the same content again is fine',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to delete a version in use unless forced, and announces the deletion', async () => {
    const consumer = encodeURIComponent('deploy:deployment/42');
    await request(service.url).put(`/v1/plugins/echo.appmanager.io/1.0.0/usages/${consumer}`).expect(204);
    const refused = await request(service.url).delete('/v1/plugins/echo.appmanager.io/1.0.0').expect(409);
    assert.match(refused.body.message, /in use by deploy:deployment\/42/);
    await request(service.url).delete(`/v1/plugins/echo.appmanager.io/1.0.0/usages/${consumer}`).expect(204);
    const deleted = nextMessage<{ data: unknown }>(subscriber, 'plugin.evt.plugin.deleted.v1');
    await request(service.url).delete('/v1/plugins/echo.appmanager.io/1.0.0').expect(204);
    assert.deepEqual((await deleted).body.data, { name: 'echo.appmanager.io', version: '1.0.0' });
    await request(service.url).get('/v1/plugins/echo.appmanager.io/1.0.0').expect(404);
    await request(service.url).put(`/v1/plugins/echo.appmanager.io/1.1.0/usages/${consumer}`).expect(204);
    await request(service.url).delete('/v1/plugins/echo.appmanager.io/1.1.0?force=true').expect(204);
  });
});
