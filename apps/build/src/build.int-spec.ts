import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, freePort, startNatsServer, type PrivateNatsServer, type TestDatabase } from '@appmanager/testing';
import { startService, type RunningService } from '@appmanager/service-host';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { buildService } from './build.service.js';

describe('build service', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let service: RunningService;

  before(async () => {
    [nats, database] = await Promise.all([startNatsServer(), createTestDatabase('build')]);
    service = await startService(buildService, {
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

  it('is ready once its build schema is migrated', async () => {
    await request(service.url).get('/readyz').expect(200);
  });

  it('shows the rows of its build_task table, mapped to the API', async () => {
    await service.app
      .get(DataSource)
      .query(
        `INSERT INTO build.build_task (id, kind, app_id, component_name, state) VALUES ('6f1c1b1e-0000-4000-8000-000000000001', 'component', 'shop', 'web', 'CREATED')`,
      );
    const listed = await request(service.url).get('/v1/build-tasks').expect(200);
    assert.equal(listed.body.total, 1);
    assert.deepEqual(
      { ...listed.body.items[0], createdAt: undefined, updatedAt: undefined },
      {
        id: '6f1c1b1e-0000-4000-8000-000000000001',
        kind: 'component',
        appId: 'shop',
        componentName: 'web',
        version: null,
        state: 'CREATED',
        createdAt: undefined,
        updatedAt: undefined,
      },
    );
    assert.ok(!Number.isNaN(Date.parse(listed.body.items[0].createdAt)));
  });

  it('refuses a bad page with 422 naming the parameter', async () => {
    const refused = await request(service.url).get('/v1/build-tasks?offset=-1').expect(422);
    assert.match(refused.body.message, /^offset: /);
  });

  it('documents GET /v1/build-tasks in OpenAPI', async () => {
    const document = await request(service.url).get('/docs-json').expect(200);
    assert.ok(document.body.paths['/v1/build-tasks'].get);
  });
});
