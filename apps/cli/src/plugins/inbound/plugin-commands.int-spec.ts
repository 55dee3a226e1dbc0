import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '@appmanager/testing';
import { aPluginDir, runAmctl } from '../../testing/run-amctl.js';

describe('amctl plugin', () => {
  // the stand-in registry takes any bearer token; what a real service checks is in auth/login.int-spec.ts
  const asCi = { AMCTL_TOKEN: 'amt_stand-in' };
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  async function pluginDir(...args: Parameters<typeof aPluginDir>): Promise<string> {
    const dir = await aPluginDir(...args);
    dirs.push(dir);
    return dir;
  }

  it('pack writes <name>-<version>.tgz and prints name, version and checksum', async () => {
    const dir = await pluginDir();
    const run = await runAmctl(['plugin', 'pack', '.'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /name: +echo\.appmanager\.io/);
    assert.match(run.stdout, /version: +1\.0\.0/);
    const checksum = /checksum: (sha256:[0-9a-f]{64})/.exec(run.stdout)?.[1];
    assert.ok(checksum, run.stdout);
    assert.ok((await readFile(join(dir, 'echo.appmanager.io-1.0.0.tgz'))).length > 0);
    const again = await runAmctl(['plugin', 'pack', dir, '-o', join(dir, 'again.tgz')]);
    assert.match(again.stdout, new RegExp(`checksum: ${checksum}`));
  });

  it('pack names the manifest problem and exits 1', async () => {
    const dir = await pluginDir('not-semver');
    const run = await runAmctl(['plugin', 'pack', dir]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /version: "not-semver" is not a semver version/);
  });

  it('exits 2 with the usage on a missing argument or unknown command', async () => {
    assert.equal((await runAmctl(['plugin', 'pack'])).code, 2);
    const unknown = await runAmctl(['plugin', 'frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "plugin frobnicate"/);
  });

  it('run calls a definition in the QuickJS sandbox and prints its result', async () => {
    const dir = await pluginDir();
    const input = JSON.stringify({ component: { type: 'echo', name: 'web' }, properties: { image: 'nginx:1.27' } });
    const run = await runAmctl(['plugin', 'run', dir, '--kind', 'Component', '--type', 'echo', '--fn', 'render', '--input-json', input]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout).value.resources[0].data, { image: 'nginx:1.27' });
  });

  it('run reports the sandbox error code of a plug-in that loops forever', async () => {
    const dir = await pluginDir('1.0.0', 'exports.render = function () { while (true) {} };');
    const input = JSON.stringify({ component: { type: 'echo', name: 'web' }, properties: { image: 'x' } });
    const run = await runAmctl(['plugin', 'run', dir, '--kind', 'Component', '--type', 'echo', '--fn', 'render', '--input-json', input]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /PLUGIN_TIMEOUT/);
  });

  describe('against a registry endpoint', () => {
    let server: Server;
    let registry = '';
    const uploads: Array<{ force: string | null; file: Buffer; fileName: string }> = [];
    before(async () => {
      // Records what amctl sends: the registry's own tests cover storing it.
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', async () => {
          const url = new URL(req.url ?? '/', 'http://x');
          res.setHeader('content-type', 'application/json');
          if (req.method === 'POST' && url.pathname === '/v1/plugins') {
            const form = await new Request('http://x', {
              method: 'POST',
              headers: { 'content-type': req.headers['content-type'] ?? '' },
              body: Buffer.concat(chunks),
            }).formData();
            const file = form.get('file') as File;
            uploads.push({ force: url.searchParams.get('force'), file: Buffer.from(await file.arrayBuffer()), fileName: file.name });
            if (uploads.length > 1 && !url.searchParams.get('force')) {
              res.statusCode = 409;
              res.end(JSON.stringify({ message: 'echo.appmanager.io@1.0.0 is already installed' }));
              return;
            }
            res.statusCode = 201;
            res.end(JSON.stringify({ name: 'echo.appmanager.io', version: '1.0.0' }));
          } else if (req.method === 'GET' && url.pathname === '/v1/plugins') {
            res.end(
              JSON.stringify({
                items: [{ name: 'echo.appmanager.io', version: '1.0.0', enabled: true, checksum: `sha256:${'a'.repeat(64)}` }],
                total: 1,
              }),
            );
          } else {
            res.statusCode = 404;
            res.end('{}');
          }
        });
      });
      const port = await freePort();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      registry = `http://127.0.0.1:${port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('push uploads the archive as multipart "file" and shows a refusal with the registry message', async () => {
      const dir = await pluginDir();
      const archive = join(dir, 'echo.tgz');
      await runAmctl(['plugin', 'pack', dir, '-o', archive]);
      const pushed = await runAmctl(['plugin', 'push', archive, '--registry', registry], { env: asCi });
      assert.equal(pushed.code, 0, pushed.stderr);
      assert.match(pushed.stdout, /pushed echo\.appmanager\.io@1\.0\.0 sha256:/);
      assert.deepEqual(uploads[0]?.file, await readFile(archive));
      assert.equal(uploads[0]?.fileName, 'echo.tgz');
      const refused = await runAmctl(['plugin', 'push', archive], { env: { ...asCi, AMCTL_REGISTRY: registry } });
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /409: echo\.appmanager\.io@1\.0\.0 is already installed/);
      assert.equal((await runAmctl(['plugin', 'push', archive, '--registry', registry, '--force'], { env: asCi })).code, 0);
      assert.equal(uploads[2]?.force, 'true');
    });

    it('push refuses a broken archive before uploading it', async () => {
      const dir = await pluginDir();
      await writeFile(join(dir, 'broken.tgz'), 'not a tarball');
      const before = uploads.length;
      const run = await runAmctl(['plugin', 'push', join(dir, 'broken.tgz'), '--registry', registry], { env: asCi });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /BAD_ARCHIVE/);
      assert.equal(uploads.length, before);
    });

    it('list prints one row per version', async () => {
      const run = await runAmctl(['plugin', 'list', '--registry', registry], { env: asCi });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^NAME +VERSION +STATE +CHECKSUM\necho\.appmanager\.io +1\.0\.0 +enabled +sha256:a{64}\n$/);
    });

    it('says so when the registry cannot be reached, with exit code 5', async () => {
      const run = await runAmctl(['plugin', 'list', '--registry', `http://127.0.0.1:${await freePort()}`], { env: asCi });
      assert.equal(run.code, 5);
      assert.match(run.stderr, /cannot reach the registry/);
    });
  });
});
