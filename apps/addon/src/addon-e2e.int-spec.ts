import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { eventually, adminFetch } from '@appmanager/testing';
import pg from 'pg';
import { kubeGet, searchWithSystemEnv, shopWithDatabase, startAddonTestBed, type AddonTestBed } from './testing/addon-test-bed.js';

interface Deployment {
  state: string;
  reason?: string | null;
}

describe('add-ons end to end: deploy, the add-on service, a real Postgres server and cluster-sim', () => {
  let bed: AddonTestBed;
  let client: NatsConnection;
  const events: string[] = [];
  const answers: string[] = [];
  // databases and roles the add-on made live in the whole (shared) Postgres server: keys unique to this run
  const run = randomUUID().slice(0, 6);
  const killedKey = `killed${run}`;
  const sharedKey = `shared${run}`;

  before(async () => {
    bed = await startAddonTestBed();
    client = await connect({ servers: bed.nats.url });
    // every message on every subject, for the leak check
    client.subscribe('>', { callback: (_e, msg) => void events.push(`${msg.subject} ${msg.string()}`) });
  });

  after(async () => {
    // ADDON_E2E_LOG_DIR=<dir> keeps every process's output for a failure's post-mortem
    const dir = process.env['ADDON_E2E_LOG_DIR'];
    if (dir && bed) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(`${dir}/deploy.log`, bed.deploy.output());
      bed.addons.forEach((addon, i) => writeFileSync(`${dir}/addon-${i}.log`, addon.output()));
      writeFileSync(`${dir}/events.log`, events.join('\n'));
    }
    await client?.close();
    if (bed) {
      for (const name of [...(await databasesOf(killedKey)), ...(await databasesOf(sharedKey))]) {
        await server(`DROP DATABASE IF EXISTS "${name}"`);
        await server(`DROP ROLE IF EXISTS "${name}"`);
      }
    }
    await bed?.close();
  });

  const json = async <T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> => {
    const response = await adminFetch(url, init);
    const text = await response.text();
    answers.push(text);
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const server = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const c = new pg.Client({ connectionString: bed.server.url });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows as T[];
    } finally {
      await c.end();
    }
  };
  const launch = async (appId: string, policy: 'Delete' | 'Orphan', configuration: unknown = shopWithDatabase(appId, policy)) => {
    const launched = await json<{ id: string }>(`${bed.deploy.url}/v1/deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appId, configuration }),
    });
    assert.equal(launched.status, 202, JSON.stringify(launched.body));
    return eventually(async () => {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const { body } = await json<Deployment>(`${bed.deploy.url}/v1/deployments/${launched.body.id}`);
      if (body.state === 'SUCCESS') return launched.body.id;
      if (['FAILURE', 'WAIT_FOR_OP'].includes(body.state)) throw new Error(`deployment ${body.state}: ${body.reason}`);
      return undefined;
    }, 90_000);
  };
  const undeploy = async (appId: string) => {
    const removed = await json<{ id: string }>(`${bed.deploy.url}/v1/applications/${appId}/instances/dev`, { method: 'DELETE' });
    assert.equal(removed.status, 202, JSON.stringify(removed.body));
  };
  const passwordIn = async (secretName: string) => {
    const secret = await kubeGet<{ data: Record<string, string> }>(bed.sim, `/api/v1/namespaces/shop/secrets/${secretName}`);
    return Buffer.from(secret?.data['password'] ?? '', 'base64').toString('utf8');
  };

  it('deploys a backend whose database is an add-on: a real database and role, the password only in a Secret; deleting the app drops them (Delete)', async () => {
    await launch('orders', 'Delete');
    const backend = await kubeGet<{
      spec: { template: { spec: { containers: { env: { name: string; value?: string; valueFrom?: unknown }[] }[] } } };
    }>(bed.sim, '/apis/apps/v1/namespaces/shop/deployments/dev-orders-backend');
    const env = backend!.spec.template.spec.containers[0]!.env;
    const database = env.find((e) => e.name === 'DB_NAME')?.value ?? '';
    const password = env.find((e) => e.name === 'DB_PASSWORD')?.valueFrom as { secretKeyRef: { name: string; key: string } };
    assert.equal(password.secretKeyRef.key, 'password');
    assert.ok(database, 'the backend is told its database');
    assert.equal((await server('SELECT 1 FROM pg_database WHERE datname = $1', [database])).length, 1, 'the database exists');
    assert.equal((await server('SELECT 1 FROM pg_roles WHERE rolname = $1', [database])).length, 1, 'its role exists');
    const secret = await passwordIn(password.secretKeyRef.name);
    assert.ok(secret.length >= 16, 'a generated password is in the Secret');
    const login = new pg.Client({
      connectionString: bed.server.url.replace(/\/\/[^@/]*@/, `//${database}:${encodeURIComponent(secret)}@`),
    });
    await login.connect();
    await login.end();

    // the password appears nowhere else: no event on any subject, no log line of either service, no API answer
    await json(`${bed.addons[0]!.url}/v1/addon-instances`);
    for (const [what, text] of [
      ['events', events.join('\n')],
      ['deploy log', bed.deploy.output()],
      ['add-on log', bed.addons.map((a) => a.output()).join('\n')],
      ['API answers', answers.join('\n')],
    ] as const)
      assert.equal(text.includes(secret), false, `the password is in the ${what}`);

    await undeploy('orders');
    await eventually(
      async () => ((await server('SELECT 1 FROM pg_database WHERE datname = $1', [database])).length === 0 ? true : undefined),
      60_000,
    );
    assert.equal((await server('SELECT 1 FROM pg_roles WHERE rolname = $1', [database])).length, 0, 'the role is dropped too');
  });

  it('keeps the database of an Orphan add-on when its app is deleted', async () => {
    await launch('ledger', 'Orphan');
    const backend = await kubeGet<{ spec: { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } } }>(
      bed.sim,
      '/apis/apps/v1/namespaces/shop/deployments/dev-ledger-backend',
    );
    const database = backend!.spec.template.spec.containers[0]!.env.find((e) => e.name === 'DB_NAME')?.value ?? '';
    await undeploy('ledger');
    await eventually(
      async () => (events.some((e) => e.startsWith('addon.evt.instance.released.v1') && e.includes('"Orphan"')) ? true : undefined),
      60_000,
    );
    assert.equal((await server('SELECT 1 FROM pg_database WHERE datname = $1', [database])).length, 1, 'an orphaned database stays');
    // it stays on a server other tests share: the test cleans up what the platform rightly left
    await server(`DROP DATABASE "${database}"`);
    await server(`DROP ROLE IF EXISTS "${database}"`);
  });

  /** Publishes apply commands for one key straight onto the stream, as deploy would. */
  const applyCommands = (key: string, count: number) => {
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      const type = 'addon.cmd.instance.apply.v1';
      const data = {
        requestId: `${key}-${i}`,
        deploymentId: `${key}-deployment-${i}`,
        appId: key,
        component: `postgres-database|${key}`,
        cluster: 'eu-1',
        namespace: 'shop',
        addonType: 'postgres-database',
        addonName: key,
        attributes: {},
      };
      const h = headers();
      h.set('Nats-Msg-Id', id);
      client.publish(type, JSON.stringify({ specversion: '1.0', id, source: 'test', type, time: new Date().toISOString(), data }), {
        headers: h,
      });
    }
  };
  /** Distinct ready events for a key's requests (a subscription to `>` also sees each delivery to a consumer). */
  const readyFor = (key: string) =>
    new Set(
      events
        .filter((e) => e.startsWith('addon.evt.instance.ready.v1 ') && e.includes(`"requestId":"${key}-`))
        .map((e) => (JSON.parse(e.slice(e.indexOf(' ') + 1)) as { id: string }).id),
    ).size;
  const databasesOf = async (key: string) =>
    (await server<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1 ESCAPE '!'", [`${key}!_%`])).map(
      (r) => r.datname,
    );

  it('creates an instance exactly once when the add-on service is SIGKILLed in the middle of applying it', async () => {
    // hold CREATE DATABASE (and new connections) until the service is dead: it is stopped mid-apply, instance row written
    const blocker = new pg.Client({ connectionString: bed.server.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE pg_catalog.pg_database IN ACCESS EXCLUSIVE MODE');
    try {
      applyCommands(killedKey, 1);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const victim = bed.addons.shift()!;
      assert.equal(readyFor(killedKey), 0, 'nothing was answered before the kill');
      victim.child.kill('SIGKILL');
      await new Promise((resolve) => victim.child.once('exit', resolve));
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    await bed.startAddon();
    await eventually(async () => (readyFor(killedKey) === 1 ? true : undefined), 60_000);
    assert.equal((await databasesOf(killedKey)).length, 1, `one database, created once: ${(await databasesOf(killedKey)).join(', ')}`);
    const list = await json<{ items: { addonName: string }[] }>(`${bed.addons[0]!.url}/v1/addon-instances?addonType=postgres-database`);
    assert.equal(list.body.items.filter((i) => i.addonName === killedKey).length, 1, 'one instance');
  });

  it('shares the work between two add-on replicas: twenty applies of one key make one instance, each answered once', async () => {
    await bed.startAddon();
    assert.equal(bed.addons.length, 2, 'two replicas share the durable consumer');
    const handled = (service: { output(): string }) =>
      service
        .output()
        .split('\n')
        .filter((l) => l.includes('add-on apply command handled') && l.includes(`"requestId":"${sharedKey}-`)).length;
    applyCommands(sharedKey, 20);
    await eventually(async () => (readyFor(sharedKey) === 20 ? true : undefined), 60_000);
    assert.equal((await databasesOf(sharedKey)).length, 1, `one database: ${(await databasesOf(sharedKey)).join(', ')}`);
    const perReplica = bed.addons.map(handled);
    assert.equal(
      perReplica.reduce((a, b) => a + b, 0),
      20,
      `each command handled once: ${perReplica.join(' + ')}`,
    );
  });

  it("serves SREWorks' RESOURCE_ADDON|system-env@system-env: its dataOutputs become Global values of the components that follow", async () => {
    await launch('search', 'Delete', searchWithSystemEnv).catch(async (error: Error) => {
      const list = await json<unknown>(`${bed.addons[0]!.url}/v1/addon-instances?addonType=system-env`);
      throw new Error(`${error.message}; instances: ${JSON.stringify(list.body).slice(0, 800)}`);
    });
    const workload = await kubeGet<{ spec: { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } } }>(
      bed.sim,
      '/apis/apps/v1/namespaces/shop/deployments/dev-search-tkgone',
    );
    const env = Object.fromEntries(workload!.spec.template.spec.containers[0]!.env.map((e) => [e.name, e.value]));
    assert.deepEqual({ DB_HOST: env['DB_HOST'], DB_PORT: env['DB_PORT'] }, { DB_HOST: 'mysql.sreworks.svc', DB_PORT: '3306' });
  });

  it('applies an instance again when its database and role are dropped behind its back, with the same password', async () => {
    await launch('drift', 'Delete');
    const backend = await kubeGet<{
      spec: { template: { spec: { containers: { env: { name: string; value?: string; valueFrom?: unknown }[] }[] } } };
    }>(bed.sim, '/apis/apps/v1/namespaces/shop/deployments/dev-drift-backend');
    const env = backend!.spec.template.spec.containers[0]!.env;
    const database = env.find((e) => e.name === 'DB_NAME')?.value ?? '';
    const secretName = (env.find((e) => e.name === 'DB_PASSWORD')?.valueFrom as { secretKeyRef: { name: string } }).secretKeyRef.name;
    await server(`DROP DATABASE "${database}" WITH (FORCE)`);
    await server(`DROP ROLE "${database}"`);
    await eventually(
      async () => ((await server('SELECT 1 FROM pg_database WHERE datname = $1', [database])).length === 1 ? true : undefined),
      30_000,
    );
    const password = await passwordIn(secretName);
    const login = new pg.Client({
      connectionString: bed.server.url.replace(/\/\/[^@/]*@/, `//${database}:${encodeURIComponent(password)}@`),
    });
    await login.connect();
    await login.end();
    await undeploy('drift');
    await eventually(
      async () => ((await server('SELECT 1 FROM pg_database WHERE datname = $1', [database])).length === 0 ? true : undefined),
      60_000,
    );
  });
});
