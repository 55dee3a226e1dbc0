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
import { addonService } from './addon.service.js';

describe('addon service', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let service: RunningService;

  before(async () => {
    [nats, database] = await Promise.all([startNatsServer(), createTestDatabase('addon')]);
    service = await startService(addonService, {
      env: {
        ...testAuthEnv(),
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

  it('answers every route × role (and no token) as the permission matrix says: 401, 403, or past authorisation', async () => {
    const cells = await checkPermissionMatrix(service.url);
    assert.ok(cells.length > 0);
  });

  it('is ready once its addon schema is migrated', async () => {
    await request(service.url).get('/readyz').expect(200);
  });

  it('lists no instance before any apply, and answers 404 and 422 naming what is wrong', async () => {
    const listed = await request(service.url).get('/v1/addon-instances').expect(200);
    assert.equal(listed.body.total, 0);
    await request(service.url).get('/v1/addon-instances/6f1c1b1e-0000-4000-8000-000000000002').expect(404);
    const badId = await request(service.url).get('/v1/addon-instances/not-an-id').expect(422);
    assert.match(JSON.stringify(badId.body), /id|uuid/i);
    const badGrant = await request(service.url)
      .post('/v1/addon-instances/6f1c1b1e-0000-4000-8000-000000000002/grants')
      .send({ cluster: 'eu-1' })
      .expect(422);
    assert.match(badGrant.body.message, /namespace/);
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
