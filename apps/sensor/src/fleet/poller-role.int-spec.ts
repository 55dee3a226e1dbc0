import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  createTestDatabase,
  eventually,
  freePort,
  startNatsServer,
  type PrivateNatsServer,
  type TestDatabase,
  testAuthEnv,
} from '@appmanager/testing';
import { startService, type RunningService } from '@appmanager/service-host';
import { sensorService } from '../sensor.service.js';
import { POLLER_MEMBERSHIP_BUCKET } from './fleet.constants.js';

describe('sensor roles and poller membership', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let client: NatsConnection;
  const running: RunningService[] = [];

  before(async () => {
    [nats, database] = await Promise.all([startNatsServer(), createTestDatabase('sensor_roles')]);
    client = await connect({ servers: nats.url });
  });

  after(async () => {
    for (const service of running) await service.close().catch(() => undefined);
    await client?.close();
    await nats?.stop();
    await database?.drop();
  });

  async function start(env: Record<string, string>): Promise<RunningService> {
    const service = await startService(sensorService, {
      env: {
        ...testAuthEnv(),
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
        ...env,
      },
      logDestination: { write: () => undefined },
    });
    running.push(service);
    return service;
  }

  async function membershipKeys(): Promise<string[]> {
    const kv = await new Kvm(client).open(POLLER_MEMBERSHIP_BUCKET);
    const keys: string[] = [];
    for await (const key of await kv.keys()) keys.push(key);
    return keys.sort();
  }

  it("puts each poller in its unit's membership, and takes it out on shutdown", async () => {
    const first = await start({ SENSOR_ROLE: 'poller', SENSOR_UNIT: 'eu', SENSOR_POLLER_ID: 'poller-a' });
    await start({ SENSOR_ROLE: 'poller', SENSOR_UNIT: 'eu', SENSOR_POLLER_ID: 'poller-b' });
    await start({ SENSOR_ROLE: 'api' });
    assert.deepEqual(await membershipKeys(), ['eu.poller-a', 'eu.poller-b'], 'the api role is no member');
    await first.close();
    running.splice(running.indexOf(first), 1);
    // deleted on the way out, not left to expire
    await eventually(async () => ((await membershipKeys()).join() === 'eu.poller-b' ? true : undefined), 2000);
  });

  it('refuses to start a poller without a unit, or with a unit that cannot be a key', async () => {
    await assert.rejects(start({ SENSOR_ROLE: 'poller' }), /SENSOR_UNIT is required when SENSOR_ROLE=poller/);
    await assert.rejects(start({ SENSOR_ROLE: 'poller', SENSOR_UNIT: 'eu.west' }), /SENSOR_UNIT/);
    await assert.rejects(start({ SENSOR_ROLE: 'sidecar' }), /SENSOR_ROLE/);
  });
});
