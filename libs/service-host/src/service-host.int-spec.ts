import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  adminRequest as request,
  createTestDatabase,
  eventually,
  freePort,
  startNatsServer,
  testAuthEnv,
  type PrivateNatsServer,
  type TestDatabase,
} from '@appmanager/testing';
import { DataSource } from 'typeorm';
import { startService, type RunningService } from './index.js';
import { echoService } from './fixtures/echo.module.js';

const fixtureMain = fileURLToPath(new URL('./fixtures/echo-service.main.js', import.meta.url));
type LogLine = Record<string, unknown> & { msg: string; level: string };

/** Runs the compiled fixture main with `env`; resolves with its exit code and everything it printed. */
function runFixture(env: Record<string, string>, whileRunning?: (output: () => string) => Promise<void>) {
  const child = spawn(process.execPath, [fixtureMain], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return (async () => {
    if (whileRunning) {
      try {
        await whileRunning(() => output);
      } finally {
        child.kill('SIGTERM');
      }
    }
    return { code: await exited, output };
  })();
}

describe('startService (service-host)', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let service: RunningService;
  const logs: LogLine[] = [];

  before(async () => {
    [nats, database] = await Promise.all([startNatsServer(), createTestDatabase('service_host')]);
    service = await startService(echoService, {
      env: {
        ...testAuthEnv(),
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await freePort()),
      },
      logDestination: { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) },
    });
  });

  after(async () => {
    await service?.close();
    await nats?.stop();
    await database?.drop();
  });

  it('answers /healthz and, with NATS and a migrated schema, /readyz', async () => {
    await request(service.url).get('/healthz').expect(200, { status: 'ok' });
    const ready = await request(service.url).get('/readyz').expect(200);
    assert.deepEqual(ready.body, { status: 'ready', checks: { nats: 'ok', postgres: 'ok' } });
  });

  it('serves its API under /v1 and reads config the service added', async () => {
    const created = await request(service.url).post('/v1/notes').send({ text: 'hi' }).expect(201);
    await request(service.url).get(`/v1/notes/${created.body.id}`).expect(200, { id: created.body.id, text: 'hi' });
    await request(service.url).post('/notes').send({ text: 'hi' }).expect(404);
    assert.equal(service.config['ECHO_GREETING'], 'hello');
  });

  it('turns bad input into a 4xx that names what is wrong', async () => {
    const invalid = await request(service.url)
      .post('/v1/notes')
      .send({ text: '', tags: [3] })
      .expect(422);
    assert.deepEqual(
      invalid.body.issues.map((issue: { path: string }) => issue.path),
      ['text', 'tags.0'],
    );
    assert.match(invalid.body.message, /^text: /);
    const malformed = await request(service.url).post('/v1/notes').set('Content-Type', 'application/json').send('{"text":').expect(400);
    assert.match(malformed.body.message, /JSON/);
    const missing = await request(service.url).get('/v1/notes/424242').expect(404);
    assert.equal(missing.body.message, 'note 424242 not found');
  });

  it('takes a body up to HTTP_BODY_LIMIT (5 MB by default) and answers 413 naming the limit beyond it', async () => {
    // past express' own 100 KB default: the parser lets it through and validation answers
    await request(service.url)
      .post('/v1/notes')
      .send({ text: 'x'.repeat(300_000) })
      .expect(422);
    const refused = await request(service.url)
      .post('/v1/notes')
      .send({ text: 'x'.repeat(6 * 1024 * 1024) })
      .expect(413);
    assert.equal(refused.body.error, 'Payload Too Large');
    assert.match(
      refused.body.message,
      /^request body of \d+ bytes is over this service's limit of 5 MB \(5242880 bytes\) \(HTTP_BODY_LIMIT\)$/,
    );
    assert.equal(refused.body.limitBytes, 5_242_880);
  });

  it('answers an unexpected error with 500 and a correlation id; the stack goes to the log, masked', async () => {
    const failed = await request(service.url).get('/v1/notes/fail/now').set('x-correlation-id', 'boom-1').expect(500);
    assert.equal(failed.body.correlationId, 'boom-1');
    assert.doesNotMatch(JSON.stringify(failed.body), /hunter2|lost postgres|at /);
    const logged = logs.find((line) => line.correlationId === 'boom-1' && line.level === 'error');
    assert.match(String((logged?.['err'] as { stack?: string })?.stack), /echo:\*\*\*@db\.internal/);
    assert.doesNotMatch(JSON.stringify(logs), /hunter2/);
  });

  it("echoes the caller's correlation id and logs the request with it", async () => {
    const response = await request(service.url).get('/v1/notes/1').set('x-correlation-id', 'trace-42').expect(200);
    assert.equal(response.headers['x-correlation-id'], 'trace-42');
    const line = await eventually(async () => logs.find((entry) => entry.correlationId === 'trace-42'));
    assert.equal(line.service, 'echo');
    assert.equal(line.msg, 'GET /v1/notes/1 200');
    assert.ok(typeof line['time'] === 'string' && line.level === 'info');
    const generated = await request(service.url).get('/healthz').expect(200);
    assert.match(String(generated.headers['x-correlation-id']), /^[0-9a-f-]{36}$/);
  });

  it('exposes Prometheus metrics with request durations by route pattern', async () => {
    const metrics = await request(service.url).get('/metrics').expect(200);
    assert.match(metrics.headers['content-type'] ?? '', /^text\/plain/);
    assert.match(metrics.text, /process_cpu_user_seconds_total\{service="echo"\}/);
    assert.match(
      metrics.text,
      /http_request_duration_seconds_count\{service="echo",route="\/v1\/notes\/:id",method="GET",status_code="200"\} [1-9]/,
    );
  });

  it('publishes an OpenAPI 3 document of its /v1 paths at /docs-json and the UI at /docs', async () => {
    const document = await request(service.url).get('/docs-json').expect(200);
    assert.match(document.body.openapi, /^3\./);
    assert.ok(document.body.paths['/v1/notes'], 'lists POST /v1/notes');
    assert.ok(document.body.paths['/v1/notes/{id}'], 'lists GET /v1/notes/{id}');
    await request(service.url).get('/docs').redirects(1).expect(200).expect('Content-Type', /html/);
  });

  it('reports not ready, naming Postgres, when its schema is not migrated', async () => {
    const dataSource = service.app.get(DataSource);
    await dataSource.query('ALTER TABLE echo.migrations RENAME TO migrations_away');
    try {
      const notReady = await request(service.url).get('/readyz').expect(503);
      assert.equal(notReady.body.message, 'not ready: postgres');
      assert.deepEqual(notReady.body.checks, { nats: 'ok', postgres: 'migrations table echo.migrations does not exist' });
    } finally {
      await dataSource.query('ALTER TABLE echo.migrations_away RENAME TO migrations');
    }
    await request(service.url).get('/readyz').expect(200);
  });

  it('reports not ready, naming NATS, once NATS is gone', async () => {
    await nats.stop();
    const notReady = await eventually(async () => {
      const response = await request(service.url).get('/readyz');
      return response.status === 503 ? response : undefined;
    });
    assert.equal(notReady.body.message, 'not ready: nats');
    assert.match(notReady.body.checks.nats, /disconnected|closed/);
    assert.equal(notReady.body.checks.postgres, 'ok');
  });
});

describe('service main', () => {
  it('exits 1 with one line naming a malformed variable', async () => {
    const { code, output } = await runFixture({ HTTP_PORT: 'abc' });
    assert.equal(code, 1);
    assert.equal(output, 'HTTP_PORT: expected a number between 1 and 65535, got "abc"\n');
  });

  it('exits 1 with one line naming an unreachable NATS', async () => {
    const port = await freePort();
    const { code, output } = await runFixture({ NATS_URL: `nats://127.0.0.1:${port}` });
    assert.equal(code, 1);
    assert.equal(output, `NATS_URL: cannot connect to nats://127.0.0.1:${port}: connection refused\n`);
  });

  it('exits 1 naming an unreachable database, with its password masked', async () => {
    const [nats, port] = await Promise.all([startNatsServer(), freePort()]);
    try {
      const { code, output } = await runFixture({ NATS_URL: nats.url, DATABASE_URL: `postgres://app:s3cret@127.0.0.1:${port}/x` });
      assert.equal(code, 1);
      assert.equal(output, `DATABASE_URL: cannot connect to postgres://app:***@127.0.0.1:${port}/x: connection refused\n`);
    } finally {
      await nats.stop();
    }
  });

  it('stops on SIGTERM: closes HTTP, NATS and Postgres, then exits 0', async () => {
    const [nats, database, port] = await Promise.all([startNatsServer(), createTestDatabase('service_main'), freePort()]);
    try {
      const env = { NATS_URL: nats.url, DATABASE_URL: database.url, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port) };
      const { code, output } = await runFixture(env, async (output) => {
        await eventually(async () => (output().includes('echo ready to serve') ? true : undefined), 20_000);
        await request(`http://127.0.0.1:${port}`).get('/readyz').expect(200);
      });
      assert.equal(code, 0);
      const lines = output
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as LogLine);
      assert.equal(lines.at(-1)?.msg, 'stopped');
      assert.equal(lines.at(-1)?.['signal'], 'SIGTERM');
    } finally {
      await nats.stop();
      await database.drop();
    }
  });
});
