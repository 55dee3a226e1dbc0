import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startService, type RunningService } from '@appmanager/service-host';
import {
  adminRequest,
  createTestDatabase,
  eventually,
  requestAs,
  startNatsServer,
  startS3Server,
  type PrivateNatsServer,
  type PrivateS3Server,
  type TestDatabase,
} from '@appmanager/testing';
import { pluginRegistryService } from '../../plugin-registry.service.js';
import { registryTestEnv } from '../../testing/registry-test-env.js';
import { aManifest, aPackage } from '../../testing/plugin-archives.js';

/** A package of one definition of `kind`, installable by `installRoles`. */
const packageOf = async (name: string, kind: 'Component' | 'Trait', installRoles: string[]) => {
  const manifest = aManifest({ name: `${name}.appmanager.io` });
  manifest.definitions = manifest.definitions.map((definition) => ({ ...definition, kind, type: name, installRoles }));
  return (await aPackage(manifest)).archive;
};

describe('plugin-registry: who may install a plug-in, and the audit of every upload', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let s3: PrivateS3Server;
  let service: RunningService;
  const tokens: Record<string, string> = {};

  before(async () => {
    [nats, database, s3] = await Promise.all([startNatsServer(), createTestDatabase('plugin_registry_install'), startS3Server()]);
    service = await startService(pluginRegistryService, { env: await registryTestEnv(nats, database, s3, 'plugins-install') });
    for (const role of ['infra-dev', 'sre', 'viewer']) {
      const issued = await adminRequest(service.url)
        .post('/v1/api-tokens')
        .send({ name: role, roles: [role] })
        .expect(201);
      tokens[role] = issued.body.token as string;
    }
  });

  after(async () => {
    await service?.close();
    await Promise.all([nats?.stop(), database?.drop(), s3?.stop()]);
  });

  const upload = (role: string, archive: Buffer) =>
    requestAs(service.url, tokens[role]!).post('/v1/plugins').attach('file', archive, 'p.tgz');

  it('lets infra-dev install a Component and sre a Trait, each only where the manifest names its role', async () => {
    const component = await packageOf('web', 'Component', ['infra-dev']);
    assert.match((await upload('viewer', component).expect(403)).body.message, /may not plugins:install$/);
    assert.match((await upload('sre', component).expect(403)).body.message, /\(roles: sre\) may not plugins\/Component:install$/);
    await upload('infra-dev', component).expect(201);

    const adminsOnly = await packageOf('limits', 'Trait', ['admin']);
    const refused = await upload('sre', adminsOnly).expect(403);
    assert.equal(
      refused.body.message,
      'api-token:' +
        refused.body.message.split('api-token:')[1]!.split(' ')[0] +
        ' (sre) may not install limits.appmanager.io@1.0.0: Trait limits installs only for roles admin (held: sre)',
    );
    assert.match(
      (await upload('infra-dev', await packageOf('scaler', 'Trait', ['infra-dev'])).expect(403)).body.message,
      /plugins\/Trait:install/,
    );
    await upload('sre', await packageOf('scaler', 'Trait', ['sre'])).expect(201);
    await adminRequest(service.url).get('/v1/plugins/limits.appmanager.io/1.0.0').expect(404);
  });

  it('records each upload in the audit trail: the caller, plugins:install, the outcome and the reason', async () => {
    const trail = await eventually(async () => {
      const page = (await adminRequest(service.url).get('/v1/audit?action=plugins:install').expect(200)).body;
      return page.total >= 6 ? page : undefined;
    });
    const seen = trail.items
      .map((r: { actor: string; outcome: string; status: number }) => `${r.actor.replace(/^api-token:\w+ /, '')} ${r.outcome} ${r.status}`)
      .sort();
    assert.deepEqual(seen, [
      '(infra-dev) refused 403',
      '(infra-dev) succeeded 201',
      '(sre) refused 403',
      '(sre) refused 403',
      '(sre) succeeded 201',
      '(viewer) refused 403',
    ]);
    await requestAs(service.url, tokens['sre']!).get('/v1/audit').expect(403);
  });
});
