import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startService, type RunningService } from '@appmanager/service-host';
import { createTestDatabase, freePort, startNatsServer, type PrivateNatsServer, type TestDatabase, testAuthEnv } from '@appmanager/testing';
import { adminRequest as request } from '@appmanager/testing';
import { pluginRegistryService } from '../../plugin-registry.service.js';
import { aPackage } from '../../testing/plugin-archives.js';

describe('plugin-registry: failures it must answer well', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let service: RunningService;
  const secret = 'do-not-leak-this-secret';

  before(async () => {
    [nats, database] = await Promise.all([startNatsServer(), createTestDatabase('plugin_registry_failures')]);
    service = await startService(pluginRegistryService, {
      env: {
        ...testAuthEnv(),
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await freePort()),
        LOG_LEVEL: 'fatal',
        // nothing listens there: the package store is down
        S3_ENDPOINT: '127.0.0.1',
        S3_PORT: String(await freePort()),
        S3_ACCESS_KEY: 'someone',
        S3_SECRET_KEY: secret,
        BUILTIN_PLUGINS_DIR: '',
      },
    });
  });

  after(async () => {
    await service?.close();
    await Promise.all([nats?.stop(), database?.drop()]);
  });

  it('answers 503 naming the package store when it is down, without its credentials', async () => {
    const response = await request(service.url)
      .post('/v1/plugins')
      .attach('file', (await aPackage()).archive, 'p.tgz')
      .expect(503);
    assert.match(response.body.message, /package store could not store/);
    assert.doesNotMatch(JSON.stringify(response.body), new RegExp(secret));
    await request(service.url).get('/v1/plugins').expect(200);
  });

  it('refuses an archive over the size limit with 413', async () => {
    await request(service.url)
      .post('/v1/plugins')
      .attach('file', Buffer.alloc(6 * 1024 * 1024, 1), 'big.tgz')
      .expect(413);
  });

  it('answers 404 for a plug-in or version it does not have', async () => {
    await request(service.url).get('/v1/plugins/nope.appmanager.io').expect(404);
    await request(service.url).get('/v1/plugins/nope.appmanager.io/1.0.0').expect(404);
    await request(service.url).post('/v1/plugins/nope.appmanager.io/1.0.0/enable').expect(404);
    await request(service.url).post('/v1/plugins/nope.appmanager.io/1.0.0/definitions/Groovy/x:run').send({ fn: 'render' }).expect(422);
  });

  it('documents the new endpoints in OpenAPI', async () => {
    const paths = (await request(service.url).get('/docs-json').expect(200)).body.paths;
    for (const path of [
      '/v1/plugins/{name}/{version}/archive',
      '/v1/definitions/resolve',
      '/v1/plugins/{name}/{version}/usages/{consumer}',
    ])
      assert.ok(paths[path], path);
  });
});
