import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startClusterSim, type ClusterSim } from '@appmanager/kube-sim';
import { startService, type RunningService } from '@appmanager/service-host';
import {
  createTestDatabase,
  eventually,
  freePort,
  startNatsServer,
  type PrivateNatsServer,
  type TestDatabase,
  testAuthEnv,
  testAdminToken,
} from '@appmanager/testing';
import { adminRequest as request } from '@appmanager/testing';
import { DataSource } from 'typeorm';
import { deployService } from '../deploy.service.js';
import { registerSimEnvironment } from '../testing/environment.fixture.js';

const key = () => randomBytes(32).toString('base64');
const amctlMain = fileURLToPath(new URL('../../../cli/dist/main.js', import.meta.url));

describe('deploy: rotating the key of cluster credentials at rest', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let sim: ClusterSim;
  const [k1, k2] = [key(), key()];
  const started: RunningService[] = [];

  const start = async (keys: string): Promise<RunningService> => {
    const service = await startService(deployService, {
      env: {
        ...testAuthEnv(),
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await freePort()),
        DEPLOY_SECRETS_KEYS: keys,
        LOG_LEVEL: 'warn',
      },
    });
    started.push(service);
    return service;
  };
  const sealedWith = async (service: RunningService) =>
    (
      (await service.app.get(DataSource).query('SELECT credentials_sealed, ca_sealed FROM deploy.cluster')) as {
        credentials_sealed: string;
        ca_sealed: string;
      }[]
    ).map((r) => [r.credentials_sealed.split('.')[1], r.ca_sealed.split('.')[1]]);

  before(async () => {
    [nats, database, sim] = await Promise.all([
      startNatsServer(),
      createTestDatabase('deploy-key-rotation'),
      startClusterSim({ log: () => undefined }),
    ]);
    sim.createCluster('sim-1');
  });

  after(async () => {
    for (const service of started) await service.close().catch(() => undefined);
    await sim?.close();
    await nats?.stop();
    await database?.drop();
  });

  it('re-seals every cluster with the new key online, after which the old key can go', async () => {
    const first = await start(`k1:${k1}`);
    await registerSimEnvironment(first.url, sim, 'sim-1');
    assert.deepEqual(await sealedWith(first), [['k1', 'k1']], 'sealed with a key id');
    await first.close();

    // the new key first, the old one kept to open what it sealed
    const rotating = await start(`k2:${k2},k1:${k1}`);
    const rotated = await request(rotating.url).post('/v1/admin/keys:rotate').expect(200);
    assert.deepEqual(rotated.body, { currentKeyId: 'k2', clusters: 1, resealed: 1, byKey: { k1: 1 } });
    const again = await request(rotating.url).post('/v1/admin/keys:rotate').expect(200);
    assert.deepEqual(again.body, { currentKeyId: 'k2', clusters: 1, resealed: 0, byKey: { k2: 1 } });
    // the same through amctl, as an operator runs it
    const amctl = await promisify(execFile)(
      process.execPath,
      [amctlMain, 'admin', 'rotate-key', '--service', 'deploy', '--url', rotating.url],
      { env: { ...process.env, AMCTL_TOKEN: testAdminToken } },
    );
    assert.equal(amctl.stdout.trim(), 'deploy: 0 of 1 re-sealed with key "k2"');
    assert.match(amctl.stderr, /the other keys of DEPLOY_SECRETS_KEYS can be dropped/);
    assert.deepEqual(await sealedWith(rotating), [['k2', 'k2']]);
    await rotating.close();

    // only the new key: the cluster is still reachable, a deployment onto it succeeds
    const after = await start(`k2:${k2}`);
    try {
      const launched = await request(after.url)
        .post('/v1/deployments')
        .send({
          appId: 'rotated',
          configuration: {
            apiVersion: 'appmanager.io/v1',
            kind: 'Application',
            metadata: { name: 'rotated' },
            spec: {
              target: { cluster: 'sim-1', namespace: 'shop', stage: 'dev' },
              components: [
                {
                  name: 'settings',
                  type: 'k8s-objects',
                  properties: { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'rotated' }, data: { a: 'b' } }] },
                },
              ],
            },
          },
        })
        .expect(202);
      const state = await eventually(async () => {
        const { body } = await request(after.url).get(`/v1/deployments/${launched.body.id}`).expect(200);
        return ['SUCCESS', 'FAILURE'].includes(body.state) ? (body as { state: string; reason?: string }) : undefined;
      }, 60_000);
      assert.equal(state.state, 'SUCCESS', state.reason);
    } finally {
      await after.close();
    }
  });

  it('refuses to rotate with no key configured, naming the setting', async () => {
    const service = await startService(deployService, {
      env: {
        ...testAuthEnv(),
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      },
    });
    try {
      const refused = await request(service.url).post('/v1/admin/keys:rotate').expect(503);
      assert.match(refused.body.message, /DEPLOY_SECRETS_KEYS/);
    } finally {
      await service.close();
    }
  });
});
