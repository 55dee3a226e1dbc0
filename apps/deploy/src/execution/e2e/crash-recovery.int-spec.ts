import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startClusterSim, type ClusterSim } from '@appmanager/kube-sim';
import {
  createTestDatabase,
  eventually,
  freePort,
  nextMessage,
  startNatsServer,
  type PrivateNatsServer,
  type TestDatabase,
  testAuthEnv,
} from '@appmanager/testing';
import { adminRequest as request } from '@appmanager/testing';
import { graphOf, launch, nextDeploymentState } from '../../testing/deploy-harness.js';
import { registerSimEnvironment, threeTierApplication } from '../../testing/environment.fixture.js';

/** `npm start` of the deploy service: the real main, as production runs it. */
const main = fileURLToPath(new URL('../../main.js', import.meta.url));

interface Replica {
  process: ChildProcess;
  url: string;
  lines: Record<string, unknown>[];
}

describe('a deploy replica killed with SIGKILL mid-deployment or mid-undeploy', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let sim: ClusterSim;
  let client: NatsConnection;
  const replicas: Replica[] = [];
  const secretsKey = randomBytes(32).toString('base64');

  async function startReplica(): Promise<Replica> {
    const port = await freePort();
    const child = spawn(process.execPath, [main], {
      env: {
        ...process.env,
        ...testAuthEnv(),
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(port),
        DEPLOY_SECRETS_KEY: secretsKey,
        DEPLOY_LEASE_TTL_MS: '2000',
        DEPLOY_CLAIM_INTERVAL_MS: '200',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const replica: Replica = { process: child, url: `http://127.0.0.1:${port}`, lines: [] };
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) if (line.startsWith('{')) replica.lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    replicas.push(replica);
    await eventually(async () => ((await request(replica.url).get('/readyz')).status === 200 ? true : undefined), 30_000);
    return replica;
  }

  before(async () => {
    [nats, database, sim] = await Promise.all([
      startNatsServer(),
      createTestDatabase('deploy-crash'),
      startClusterSim({ log: () => undefined, podReadyDelayMs: 1500 }),
    ]);
    sim.createCluster('sim-1');
    client = await connect({ servers: nats.url });
  });

  after(async () => {
    for (const replica of replicas)
      if (replica.process.exitCode === null && replica.process.signalCode === null) {
        replica.process.kill('SIGTERM');
        await once(replica.process, 'exit');
      }
    await client?.close();
    await sim?.close();
    await nats?.stop();
    await database?.drop();
  });

  let deployed = '';

  it('is finished by the next replica, every object applied once per node version', async () => {
    const first = await startReplica();
    await registerSimEnvironment(first.url, sim, 'sim-1');
    const app = threeTierApplication();
    (app['spec'] as { components: Record<string, unknown>[] }).components[0] = {
      name: 'db',
      type: 'microservice',
      properties: { image: 'postgres:16' },
      outputs: [{ name: 'db.host', from: '{{ metadata.name }}' }],
    };
    const backendApplied = nextMessage<{ data: { nodeId: string; to: string } }>(client, 'deploy.evt.node.state-changed.v1', {
      timeoutMs: 30_000,
      where: (m) => m.body.data.nodeId === 'microservice|backend' && m.body.data.to === 'RUNNING',
    });
    const id = await launch(first.url, 'shop', app);
    await backendApplied;
    first.process.kill('SIGKILL');
    await once(first.process, 'exit');

    const succeeded = nextDeploymentState(client, { to: 'SUCCESS', deploymentId: id }, 60_000);
    const second = await startReplica();
    await succeeded;

    const graph = await graphOf(second.url, id);
    assert.deepEqual(
      graph.nodes.map((n) => n.state),
      ['SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS'],
    );
    const applied = [...first.lines, ...second.lines]
      .filter((l) => l['msg'] === 'object applied')
      .map((l) => `${String(l['object'])}@${String(l['nodeVersion'])}`);
    const counts = new Map<string, number>();
    for (const key of applied) counts.set(key, (counts.get(key) ?? 0) + 1);
    assert.deepEqual(
      [...counts.values()].filter((n) => n > 1),
      [],
      `applied more than once: ${JSON.stringify([...counts])}`,
    );
    assert.deepEqual([...new Set(applied.map((k) => k.split('@')[0]))].sort(), [
      'Deployment/shop/dev-shop-backend',
      'Deployment/shop/dev-shop-db',
      'Deployment/shop/dev-shop-frontend',
      'Deployment/shop/dev-shop-worker',
      'Service/shop/dev-shop-backend',
    ]);
    assert.ok(
      second.lines.some((l) => l['msg'] === 'claimed a deployment' && l['deploymentId'] === id),
      'the second replica took the deployment over',
    );
    deployed = id;
  });

  it('finishes an undeploy whose replica was killed mid-way, on the next replica', async () => {
    assert.ok(deployed, 'the deployment of the test before');
    const current = replicas[replicas.length - 1] as Replica;
    // every API call slow, so the kill lands between the first component gone and the last
    sim.addFault({ clusters: ['sim-1'], latencyMs: 200 });
    const firstGone = nextMessage<{ data: { deploymentId: string; to: string } }>(client, 'deploy.evt.node.state-changed.v1', {
      timeoutMs: 30_000,
      where: (m) => m.body.data.deploymentId !== deployed && m.body.data.to === 'SUCCESS',
    });
    const accepted = await request(current.url).delete('/v1/applications/shop/instances/dev').expect(202);
    assert.equal((await firstGone).body.data.deploymentId, accepted.body.id);
    current.process.kill('SIGKILL');
    await once(current.process, 'exit');
    sim.clearFaults();

    const deleted = nextMessage<{ data: { undeployId: string; components: string[] } }>(client, 'deploy.evt.app-instance.deleted.v1', {
      timeoutMs: 60_000,
    });
    const next = await startReplica();
    const { data } = (await deleted).body;
    assert.equal(data.undeployId, accepted.body.id);
    assert.deepEqual([...data.components].sort(), [
      'microservice|backend',
      'microservice|db',
      'microservice|frontend',
      'microservice|worker',
    ]);
    assert.ok(
      next.lines.some((l) => l['msg'] === 'claimed a deployment' && l['deploymentId'] === accepted.body.id),
      'the next replica took the undeploy over',
    );
    const left = await request(sim.serverOf('sim-1'))
      .get('/apis/apps/v1/namespaces/shop/deployments')
      .set('Authorization', `Bearer ${sim.registry.tokenOf('sim-1')}`)
      .ca(sim.caPem ?? '')
      .expect(200);
    assert.deepEqual(
      left.body.items.map((d: { metadata: { name: string } }) => d.metadata.name),
      [],
    );
  });
});
