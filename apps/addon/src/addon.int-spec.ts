import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, freePort, startNatsServer, type PrivateNatsServer, type TestDatabase } from '@appmanager/testing';
import { startService, type RunningService } from '@appmanager/service-host';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { addonService } from './addon.service.js';

describe('addon service', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let service: RunningService;

  before(async () => {
    [nats, database] = await Promise.all([startNatsServer(), createTestDatabase('addon')]);
    service = await startService(addonService, {
      env: {
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      },
    });
  });

  after(async () => {
    await service?.close();
    await nats?.stop();
    await database?.drop();
  });

  it('is ready once its addon schema is migrated', async () => {
    await request(service.url).get('/readyz').expect(200);
  });

  it('shows the rows of its addon_instance table, mapped to the API', async () => {
    await service.app
      .get(DataSource)
      .query(
        `INSERT INTO addon.addon_instance (id, addon_type, addon_name, namespace, state) VALUES ('6f1c1b1e-0000-4000-8000-000000000002', 'postgres-database', 'orders-db', 'shop', 'READY')`,
      );
    const listed = await request(service.url).get('/v1/addon-instances').expect(200);
    assert.equal(listed.body.total, 1);
    assert.equal(listed.body.items[0].addonType, 'postgres-database');
    assert.equal(listed.body.items[0].addonName, 'orders-db');
    assert.equal(listed.body.items[0].namespace, 'shop');
    assert.equal(listed.body.items[0].stage, '');
    assert.equal(listed.body.items[0].state, 'READY');
  });

  it('refuses a bad page with 422 naming the parameter', async () => {
    const refused = await request(service.url).get('/v1/addon-instances?offset=-1').expect(422);
    assert.match(refused.body.message, /^offset: /);
  });

  it('documents GET /v1/addon-instances in OpenAPI', async () => {
    const document = await request(service.url).get('/docs-json').expect(200);
    assert.ok(document.body.paths['/v1/addon-instances'].get);
  });
});
