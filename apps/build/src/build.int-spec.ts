import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createTestDatabase,
  freePort,
  startNatsServer,
  startS3Server,
  type PrivateNatsServer,
  type PrivateS3Server,
  type TestDatabase,
  testAuthEnv,
  checkPermissionMatrix,
} from '@appmanager/testing';
import { startService, type RunningService } from '@appmanager/service-host';
import { adminRequest as request } from '@appmanager/testing';
import { buildService } from './build.service.js';

describe('build service', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let s3: PrivateS3Server;
  let service: RunningService;

  before(async () => {
    [nats, database, s3] = await Promise.all([startNatsServer(), createTestDatabase('build'), startS3Server()]);
    service = await startService(buildService, {
      env: {
        ...testAuthEnv(),
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        S3_ENDPOINT: s3.endPoint,
        S3_PORT: String(s3.port),
        S3_ACCESS_KEY: s3.accessKey,
        S3_SECRET_KEY: s3.secretKey,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      },
    });
  });

  after(async () => {
    await service?.close();
    await Promise.all([nats?.stop(), database?.drop(), s3?.stop()]);
  });

  it('answers every route × role (and no token) as the permission matrix says: 401, 403, or past authorisation', async () => {
    const cells = await checkPermissionMatrix(service.url);
    assert.ok(cells.length > 0);
  });

  it('is ready once its build schema is migrated', async () => {
    await request(service.url).get('/readyz').expect(200);
  });

  it('lists nothing for an app with no packages or tasks, and refuses a bad page with 422 naming the parameter', async () => {
    const packages = await request(service.url).get('/v1/apps/shop/app-packages').expect(200);
    assert.deepEqual(packages.body, { items: [], total: 0, limit: 100, offset: 0 });
    await request(service.url).get('/v1/apps/shop/app-package-tasks').expect(200);
    const refused = await request(service.url).get('/v1/apps/shop/app-packages?offset=-1').expect(422);
    assert.match(refused.body.message, /^offset: /);
  });

  it('refuses a build configuration that cannot build, naming the option, and keeps one that can', async () => {
    const bad = await request(service.url)
      .put('/v1/apps/shop/build-configs/K8S_MICROSERVICE/web')
      .send({ options: { containers: [{ name: 'web' }] } })
      .expect(422);
    assert.match(bad.body.message, /container web: give it build options or an image/);
    await request(service.url)
      .put('/v1/apps/shop/build-configs/K8S_MICROSERVICE/web')
      .send({
        branch: 'main',
        options: { containers: [{ name: 'web', build: { repo: 'file:///nowhere.git' } }] },
        params: [{ name: 'X', value: 1 }],
      })
      .expect(200);
    const listed = await request(service.url).get('/v1/apps/shop/build-configs').expect(200);
    assert.equal(listed.body.items[0].componentName, 'web');
    assert.deepEqual(listed.body.items[0].parameterValues, [{ name: 'X', value: 1 }], "AppManager's params");
    await request(service.url).delete('/v1/apps/shop/build-configs/K8S_MICROSERVICE/web').expect(204);
    await request(service.url).delete('/v1/apps/shop/build-configs/K8S_MICROSERVICE/web').expect(404);
  });

  it('documents its API in OpenAPI: build configs, package tasks, packages, import and export', async () => {
    const document = await request(service.url).get('/docs-json').expect(200);
    for (const path of [
      '/v1/apps/{appId}/build-configs/{componentType}/{componentName}',
      '/v1/apps/{appId}/app-package-tasks',
      '/v1/app-package-tasks/{id}',
      '/v1/component-package-tasks/{id}/logs',
      '/v1/apps/{appId}/app-packages',
      '/v1/app-packages/{id}/download',
      '/v1/app-packages/{id}/url',
      '/v1/apps/{appId}/deploy-triggers/{stage}',
    ])
      assert.ok(document.body.paths[path], `${path} is documented`);
  });
});
