import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { eventually, adminFetch } from '@appmanager/testing';
import pg from 'pg';
import { kubeGet, startAddonTestBed, type AddonTestBed } from './testing/addon-test-bed.js';

interface Answer {
  requestId: string;
  instanceId?: string;
  reason?: string;
  secret?: { name: string };
}

describe('sharing an add-on instance across namespaces only through a grant', () => {
  let bed: AddonTestBed;
  let client: NatsConnection;
  const answers = new Map<string, { subject: string; data: Answer }>();
  const key = `kept${randomUUID().slice(0, 6)}`;

  before(async () => {
    bed = await startAddonTestBed();
    client = await connect({ servers: bed.nats.url });
    client.subscribe('addon.evt.instance.*.v1', {
      callback: (_e, msg) => {
        const data = msg.json<{ data: Answer }>().data;
        answers.set(data.requestId, { subject: msg.subject, data });
      },
    });
  });

  after(async () => {
    await client?.close();
    if (bed) {
      // what the add-on made lives in the whole (shared) Postgres server: drop this run's
      const admin = new pg.Client({ connectionString: bed.server.url });
      await admin.connect();
      const rows = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE $1 ESCAPE '!'", [`${key}!_%`]);
      for (const { datname } of rows.rows as { datname: string }[]) {
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
        await admin.query(`DROP ROLE IF EXISTS "${datname}"`);
      }
      await admin.end();
    }
    await bed?.close();
  });

  const apply = (
    requestId: string,
    namespace: string,
    sharedFrom?: { namespace: string },
    addon: { type: string; name: string; attributes: Record<string, unknown> } = { type: 'postgres-database', name: key, attributes: {} },
  ) => {
    const id = randomUUID();
    const type = 'addon.cmd.instance.apply.v1';
    const data = {
      requestId,
      deploymentId: `dep-${requestId}`,
      appId: `app-${namespace}`,
      component: `${addon.type}|${addon.name}`,
      cluster: 'eu-1',
      namespace,
      addonType: addon.type,
      addonName: addon.name,
      attributes: sharedFrom ? { ...addon.attributes, sharedFrom } : addon.attributes,
    };
    const h = headers();
    h.set('Nats-Msg-Id', id);
    client.publish(type, JSON.stringify({ specversion: '1.0', id, source: 'test', type, time: new Date().toISOString(), data }), {
      headers: h,
    });
    return eventually(async () => answers.get(requestId), 60_000);
  };

  it('refuses another namespace without a grant, naming it; with one, that namespace gets the outputs as a Secret of its own', async () => {
    const owner = await apply(`${key}-owner`, 'shop');
    assert.equal(owner.subject, 'addon.evt.instance.ready.v1');
    const instanceId = owner.data.instanceId!;

    const refused = await apply(`${key}-ungranted`, 'other', { namespace: 'shop' });
    assert.equal(refused.subject, 'addon.evt.instance.failed.v1');
    assert.match(refused.data.reason ?? '', /namespace other of cluster eu-1 has no grant/);

    const granted = await adminFetch(`${bed.addons[0]!.url}/v1/addon-instances/${instanceId}/grants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cluster: 'eu-1', namespace: 'other' }),
    });
    assert.ok(granted.status < 300, `grant: ${granted.status} ${await granted.text()}`);
    const shared = await apply(`${key}-granted`, 'other', { namespace: 'shop' });
    assert.equal(shared.subject, 'addon.evt.instance.ready.v1');
    assert.equal(shared.data.instanceId, instanceId, 'the same instance, not a second one');
    const secret = await kubeGet<{ data: Record<string, string> }>(bed.sim, `/api/v1/namespaces/other/secrets/${shared.data.secret!.name}`);
    assert.ok(secret?.data['password'], "the password is in a Secret in the consumer's own namespace");
    const ownerSecret = await kubeGet<{ data: Record<string, string> }>(
      bed.sim,
      `/api/v1/namespaces/shop/secrets/${owner.data.secret!.name}`,
    );
    assert.equal(secret.data['password'], ownerSecret?.data['password']);
  });

  it('applies over HTTP as the command does, and answers 422 naming what is wrong', async () => {
    const post = (body: unknown) =>
      adminFetch(`${bed.addons[0]!.url}/v1/addon-instances:apply`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const request = {
      cluster: 'eu-1',
      namespace: 'shop',
      addonType: 'postgres-database',
      addonName: key,
      claim: { deploymentId: 'by-hand', appId: 'ops', component: `postgres-database|${key}` },
    };
    const applied = await post(request);
    assert.equal(applied.status, 200, await applied.clone().text());
    const instance = (await applied.json()) as { state: string; claims: { deploymentId: string }[]; secretOutputs: string[] };
    assert.equal(instance.state, 'READY');
    assert.ok(instance.claims.some((c) => c.deploymentId === 'by-hand'));
    assert.deepEqual(instance.secretOutputs, ['password', 'uri'], 'secret outputs by name only');
    const missing = await post({ ...request, claim: undefined });
    assert.equal(missing.status, 422);
    assert.match(((await missing.json()) as { message: string }).message, /claim/);
    const unknown = await post({ ...request, addonType: 'mainframe' });
    assert.equal(unknown.status, 422);
    assert.match(((await unknown.json()) as { message: string }).message, /mainframe/);
  });

  it('places copies of k8s-shared-objects in a granted namespace', async () => {
    const addon = {
      type: 'k8s-shared-objects',
      name: `objects-${key}`,
      attributes: { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `settings-${key}` }, data: { region: 'eu' } }] },
    };
    const owner = await apply(`${key}-objects-owner`, 'shop', undefined, addon);
    assert.equal(owner.subject, 'addon.evt.instance.ready.v1');
    const grant = await adminFetch(`${bed.addons[0]!.url}/v1/addon-instances/${owner.data.instanceId}/grants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cluster: 'eu-1', namespace: 'reports' }),
    });
    assert.ok(grant.status < 300);
    const shared = await apply(`${key}-objects-shared`, 'reports', { namespace: 'shop' }, addon);
    assert.equal(shared.subject, 'addon.evt.instance.ready.v1', JSON.stringify(shared.data));
    const copy = await kubeGet<{ data: Record<string, string> }>(bed.sim, `/api/v1/namespaces/reports/configmaps/settings-${key}`);
    assert.deepEqual(copy?.data, { region: 'eu' });
  });

  it('imports an existing resource to observe only: claims get its outputs and Secret, nothing is made or dropped', async () => {
    const legacy = `legacy-${key}`;
    const imported = await adminFetch(`${bed.addons[0]!.url}/v1/addon-instances:import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        cluster: 'eu-1',
        namespace: 'shop',
        addonType: 'postgres-database',
        addonName: legacy,
        outputs: { host: 'legacy-db.internal', port: 5432 },
        secretOutputs: { password: 'kept-by-the-dba' },
      }),
    });
    assert.equal(imported.status, 201, await imported.clone().text());
    const instance = (await imported.json()) as { id: string; management: string; state: string; secretOutputs: string[] };
    assert.deepEqual([instance.management, instance.state, instance.secretOutputs], ['Observe', 'READY', ['password']]);
    const claimed = await apply(`${key}-legacy`, 'shop', undefined, { type: 'postgres-database', name: legacy, attributes: {} });
    assert.equal(claimed.subject, 'addon.evt.instance.ready.v1', JSON.stringify(claimed.data));
    assert.equal(claimed.data.instanceId, instance.id);
    const secret = await kubeGet<{ data: Record<string, string> }>(bed.sim, `/api/v1/namespaces/shop/secrets/${claimed.data.secret!.name}`);
    assert.equal(Buffer.from(secret!.data['password']!, 'base64').toString(), 'kept-by-the-dba');
    const databases = await adminFetch(`${bed.addons[0]!.url}/v1/addon-instances?addonName=${legacy}`);
    assert.equal(((await databases.json()) as { total: number }).total, 1, 'no second instance was made');
  });
});
