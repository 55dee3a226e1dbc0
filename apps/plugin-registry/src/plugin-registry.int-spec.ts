import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createTestDatabase,
  freePort,
  startNatsServer,
  type PrivateNatsServer,
  type TestDatabase,
  testAuthEnv,
  checkPermissionMatrix,
} from '@appmanager/testing';
import { startService, type RunningService } from '@appmanager/service-host';
import { adminRequest as request } from '@appmanager/testing';
import { DataSource } from 'typeorm';
import { pluginRegistryService } from './plugin-registry.service.js';

describe('plugin-registry service', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let service: RunningService;

  before(async () => {
    [nats, database] = await Promise.all([startNatsServer(), createTestDatabase('plugin_registry')]);
    service = await startService(pluginRegistryService, {
      // no built-ins and no package store: this file is about the service shell; plugins/inbound/*.int-spec.ts cover the rest
      env: {
        ...testAuthEnv(),
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await freePort()),
        LOG_LEVEL: 'error',
        BUILTIN_PLUGINS_DIR: '',
      },
    });
  });

  after(async () => {
    await service?.close();
    await nats?.stop();
    await database?.drop();
  });

  it('answers every route × role (and no token) as the permission matrix says: 401, 403, or past authorisation', async () => {
    const cells = await checkPermissionMatrix(service.url);
    assert.ok(cells.length > 0);
  });

  it('is ready once its plugin_registry schema is migrated', async () => {
    await request(service.url).get('/readyz').expect(200);
  });

  it('shows the rows of its plugin_package table, mapped to the API', async () => {
    await service.app
      .get(DataSource)
      .query(
        `INSERT INTO plugin_registry.plugin_package (id, name, version, enabled, sha256, archive_key) VALUES ('6f1c1b1e-0000-4000-8000-000000000003', 'trait-scaler', '1.2.0', true, repeat('a', 64), 'plugins/trait-scaler/1.2.0.tgz')`,
      );
    const listed = await request(service.url).get('/v1/plugins').expect(200);
    assert.equal(listed.body.total, 1);
    assert.deepEqual(
      { ...listed.body.items[0], createdAt: undefined },
      {
        id: '6f1c1b1e-0000-4000-8000-000000000003',
        name: 'trait-scaler',
        version: '1.2.0',
        description: '',
        enabled: true,
        checksum: `sha256:${'a'.repeat(64)}`,
        sha256: 'a'.repeat(64),
        archiveKey: 'plugins/trait-scaler/1.2.0.tgz',
        sizeBytes: 0,
        definitions: [],
        createdAt: undefined,
      },
    );
  });

  it('refuses a bad page with 422 naming the parameter', async () => {
    const refused = await request(service.url).get('/v1/plugins?offset=-1').expect(422);
    assert.match(refused.body.message, /^offset: /);
  });

  it('documents GET /v1/plugins in OpenAPI', async () => {
    const document = await request(service.url).get('/docs-json').expect(200);
    assert.ok(document.body.paths['/v1/plugins'].get);
  });
});
