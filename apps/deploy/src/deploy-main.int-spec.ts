import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, eventually, freePort, startNatsServer, type PrivateNatsServer, type TestDatabase } from '@appmanager/testing';
import { adminRequest as request } from '@appmanager/testing';

const main = fileURLToPath(new URL('./main.js', import.meta.url));

/** `npm start` of the deploy service as a process of its own, with `env` and nothing else. */
function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, [main], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('deploy main', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;

  before(async () => {
    [nats, database] = await Promise.all([startNatsServer(), createTestDatabase('deploy_main')]);
  });

  after(async () => {
    await nats?.stop();
    await database?.drop();
  });

  it('exits 1 with one line naming DATABASE_URL, password masked, when Postgres is unreachable', async () => {
    const port = await freePort();
    const run = startMain({ NATS_URL: nats.url, DATABASE_URL: `postgres://deploy:topsecret@127.0.0.1:${port}/deploy` });
    assert.equal(await run.exited, 1);
    assert.equal(run.output(), `DATABASE_URL: cannot connect to postgres://deploy:***@127.0.0.1:${port}/deploy: connection refused\n`);
  });

  it('exits 1 with one line naming DEPLOY_SECRETS_KEY when the key for cluster credentials is not 32 bytes', async () => {
    const run = startMain({ NATS_URL: nats.url, DATABASE_URL: database.url, DEPLOY_SECRETS_KEY: 'c2hvcnQ=' });
    assert.equal(await run.exited, 1);
    assert.match(run.output(), /^DEPLOY_SECRETS_KEY: expected 32 random bytes as base64/);
    assert.doesNotMatch(run.output(), /c2hvcnQ=/);
  });

  it('serves, then on SIGTERM stops its consumers, NATS and Postgres and exits 0', async () => {
    const port = await freePort();
    const run = startMain({ NATS_URL: nats.url, DATABASE_URL: database.url, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port) });
    try {
      await eventually(async () => (run.output().includes('deploy ready to serve') ? true : undefined), 30_000);
      await request(`http://127.0.0.1:${port}`).get('/readyz').expect(200);
      assert.match(run.output(), /"durable":"deploy_deploy-deployment-launch-v1".*"msg":"consuming"/);
    } finally {
      run.child.kill('SIGTERM');
    }
    assert.equal(await run.exited, 0);
    const lines = run
      .output()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual([lines.at(-1)?.['msg'], lines.at(-1)?.['signal']], ['stopped', 'SIGTERM']);
    assert.doesNotMatch(run.output(), /topsecret/);
  });
});
