import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startService, type RunningService } from '@appmanager/service-host';
import {
  createTestDatabase,
  eventually,
  freePort,
  startNatsServer,
  startS3Server,
  type PrivateNatsServer,
  type PrivateS3Server,
  type TestDatabase,
  testAuthEnv,
} from '@appmanager/testing';
import { adminRequest as request } from '@appmanager/testing';
import { DataSource } from 'typeorm';
import { pluginRegistryService } from '../../plugin-registry.service.js';

const BUILTINS = fileURLToPath(new URL('../../../../../plugins/', import.meta.url));

describe('plugin-registry: built-in plug-ins at start-up', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let s3: PrivateS3Server;
  let env: NodeJS.ProcessEnv;
  let service: RunningService | undefined;

  before(async () => {
    [nats, database, s3] = await Promise.all([startNatsServer(), createTestDatabase('plugin_registry_builtins'), startS3Server()]);
    env = {
      NATS_URL: nats.url,
      DATABASE_URL: database.url,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      S3_ENDPOINT: s3.endPoint,
      S3_PORT: String(s3.port),
      S3_ACCESS_KEY: s3.accessKey,
      S3_SECRET_KEY: s3.secretKey,
      S3_BUCKET: 'builtins',
      BUILTIN_PLUGINS_DIR: BUILTINS,
    };
  });

  after(async () => {
    await service?.close();
    await Promise.all([nats?.stop(), database?.drop(), s3?.stop()]);
  });

  it('installs every built-in package, and installs nothing again on the next start', async () => {
    service = await startService(pluginRegistryService, { env: { ...testAuthEnv(), ...env } });
    const listed = await request(service.url).get('/v1/plugins').expect(200);
    assert.deepEqual(listed.body.items.map((p: { name: string }) => p.name).sort(), [
      'core-addons.appmanager.io',
      'core-components.appmanager.io',
      'core-policies.appmanager.io',
      'core-traits.appmanager.io',
      'core-workflow.appmanager.io',
    ]);
    const resolved = await request(service.url).get('/v1/definitions/resolve?kind=Component&type=microservice&version=^1').expect(200);
    assert.equal(resolved.body.name, 'core-components.appmanager.io');
    const byAlias = await request(service.url).get('/v1/definitions/resolve?kind=Trait&type=gateway.trait.abm.io').expect(200);
    assert.deepEqual([byAlias.body.name, byAlias.body.definition.type], ['core-traits.appmanager.io', 'gateway']);
    const outboxRows = async () =>
      Number((await service!.app.get(DataSource).query('SELECT count(*) AS n FROM plugin_registry.outbox'))[0].n);
    const eventsAfterFirstStart = await outboxRows();
    assert.equal(eventsAfterFirstStart, 5);
    await service.close();
    service = await startService(pluginRegistryService, { env: { ...testAuthEnv(), ...env } });
    assert.equal(await outboxRows(), eventsAfterFirstStart, 'an unchanged built-in is not installed again');
    const checksums = (await request(service.url).get('/v1/plugins').expect(200)).body.items.map((p: { checksum: string }) => p.checksum);
    assert.deepEqual(
      checksums,
      listed.body.items.map((p: { checksum: string }) => p.checksum),
    );
  });

  it('installs them once the package store comes up, when it started before it', async () => {
    const lateDatabase = await createTestDatabase('plugin_registry_builtins_late');
    const storePort = await freePort();
    let late: RunningService | undefined;
    let lateStore: PrivateS3Server | undefined;
    try {
      late = await startService(pluginRegistryService, {
        env: {
          ...testAuthEnv(),
          ...env,
          DATABASE_URL: lateDatabase.url,
          HTTP_PORT: String(await freePort()),
          S3_PORT: String(storePort),
          LOG_LEVEL: 'fatal',
        },
      });
      assert.equal((await request(late.url).get('/v1/plugins').expect(200)).body.total, 0);
      lateStore = await startS3Server({ port: storePort });
      const running = late;
      await eventually(async () => ((await request(running.url).get('/v1/plugins')).body.total === 4 ? true : undefined), 20_000);
    } finally {
      await late?.close();
      await lateStore?.stop();
      await lateDatabase.drop();
    }
  });
});
