import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { headers } from '@nats-io/transport-node';
import { eventually, nextMessage } from '@appmanager/testing';
import { adminRequest as request } from '@appmanager/testing';
import { graphOf, launch, nextDeploymentState } from '../../testing/deploy-harness.js';
import { specHash } from '../domain/node-version.js';
import { startDeployTestBed, type DeployTestBed } from '../../testing/deploy-test-bed.js';

/** settings ← api (with a Service from its post-trait) ← web: what undeploy must remove in reverse. */
function layered(name: string) {
  return {
    apiVersion: 'appmanager.io/v1',
    kind: 'Application',
    metadata: { name },
    spec: {
      target: { cluster: 'sim-1', namespace: 'shop', stage: 'dev' },
      components: [
        {
          name: 'settings',
          type: 'k8s-objects',
          properties: {
            objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-settings` }, data: { mode: 'demo' } }],
          },
        },
        {
          name: 'api',
          type: 'microservice',
          properties: { image: `${name}/api:1.0` },
          dependsOn: ['settings'],
          traits: [{ type: 'service', runtime: 'post', properties: { ports: [{ port: 80, targetPort: 8080 }] } }],
        },
        { name: 'web', type: 'microservice', properties: { image: `${name}/web:1.0` }, dependsOn: ['api'] },
      ],
    },
  };
}

interface Deleted {
  data: {
    appId: string;
    stage: string;
    cluster: string;
    namespace: string;
    undeployId: string;
    sourceDeploymentId: string;
    components: string[];
  };
}

describe('undeploying an application instance', () => {
  let bed: DeployTestBed;

  before(async () => {
    bed = await startDeployTestBed({ label: 'deploy-undeploy', podReadyDelayMs: 100 });
  });

  after(() => bed?.close());

  const on = (path: string) =>
    request(bed.sim.serverOf('sim-1'))
      .get(path)
      .set('Authorization', `Bearer ${bed.sim.registry.tokenOf('sim-1')}`)
      .ca(bed.sim.caPem ?? '');

  async function deployed(name: string): Promise<string> {
    const succeeded = nextDeploymentState(bed.client, { to: 'SUCCESS', appId: name });
    const id = await launch(bed.service.url, name, layered(name));
    await succeeded;
    await on(`/apis/apps/v1/namespaces/shop/deployments/dev-${name}-web`).expect(200);
    return id;
  }

  it("announces what each node applied, with where and the hash of each object, for the sensor's inventory", async () => {
    const events: { data: Record<string, unknown> & { node: string; objects: { kind: string; name: string; specHash: string }[] } }[] = [];
    const sub = bed.client.subscribe('deploy.evt.component.applied.v1', { callback: (_e, m) => void events.push(m.json()) });
    const id = await deployed('inventory');
    await eventually(async () => (events.filter((e) => e.data['deploymentId'] === id).length >= 4 ? true : undefined));
    sub.unsubscribe();
    const mine = events.filter((e) => e.data['deploymentId'] === id);
    assert.deepEqual(mine.map((e) => e.data.node).sort(), [
      'k8s-objects|settings',
      'microservice|api',
      'microservice|api#service',
      'microservice|web',
    ]);
    const settings = mine.find((e) => e.data.node === 'k8s-objects|settings')?.data;
    assert.deepEqual(
      { ...settings, appliedAt: undefined, version: undefined, objects: settings?.objects.map((o) => ({ kind: o.kind, name: o.name })) },
      {
        deploymentId: id,
        appId: 'inventory',
        step: 'deploy',
        component: 'k8s-objects|settings',
        node: 'k8s-objects|settings',
        componentType: 'k8s-objects',
        unit: 'eu',
        cluster: 'sim-1',
        namespace: 'shop',
        stage: 'dev',
        appliedAt: undefined,
        version: undefined,
        objects: [{ kind: 'ConfigMap', name: 'inventory-settings' }],
        // how the sensor asks the component's own plug-in for status, and its traits (none here)
        status: {
          pluginType: 'k8s-objects',
          name: 'inventory-settings',
          properties: {
            objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inventory-settings' }, data: { mode: 'demo' } }],
          },
        },
        traits: [],
      },
    );
    const live = (await on('/api/v1/namespaces/shop/configmaps/inventory-settings').expect(200)).body;
    assert.equal(
      live.metadata.annotations['appmanager.io/node-version'],
      settings?.['version'],
      'the version the event names is the one on the object',
    );
    assert.equal(
      settings?.objects[0]?.specHash,
      specHash({ apiVersion: 'v1', kind: 'ConfigMap', data: live.data }),
      'the hash of what was applied: the live data matches it',
    );
    assert.deepEqual(
      Object.keys((settings?.objects[0] as { fields?: Record<string, string> } | undefined)?.fields ?? {}),
      ['data.mode'],
      'each applied field with a hash of its value, never the value',
    );
    const service = mine.find((e) => e.data.node === 'microservice|api#service')?.data;
    assert.deepEqual(
      service?.objects.map((o) => `${o.kind}/${o.name}`),
      ['Service/dev-inventory-api'],
      "a trait's objects belong to its component",
    );
    assert.equal(service?.['component'], 'microservice|api');
  });

  it('destroys every component through its plug-in, dependants first, waits until they are gone and announces it', async () => {
    const removedEvents: { data: { undeployId: string; node: string; objects: { kind: string; name: string }[] } }[] = [];
    const removals = bed.client.subscribe('deploy.evt.component.removed.v1', { callback: (_e, m) => void removedEvents.push(m.json()) });
    const source = await deployed('news');
    const deleted = nextMessage<Deleted>(bed.client, 'deploy.evt.app-instance.deleted.v1', { timeoutMs: 30_000 });
    const accepted = await request(bed.service.url).delete('/v1/applications/news/instances/dev').expect(202);
    assert.equal(accepted.headers['location'], `/v1/deployments/${accepted.body.id}`);
    const { deletedAt, ...event } = (await deleted).body.data as Deleted['data'] & { deletedAt: string };
    assert.ok(Date.parse(deletedAt) > 0);
    assert.deepEqual(
      { ...event, components: [...event.components].sort() },
      {
        appId: 'news',
        stage: 'dev',
        cluster: 'sim-1',
        namespace: 'shop',
        undeployId: accepted.body.id,
        sourceDeploymentId: source,
        components: ['k8s-objects|settings', 'microservice|api', 'microservice|web'],
      },
    );
    for (const path of [
      '/apis/apps/v1/namespaces/shop/deployments/dev-news-web',
      '/apis/apps/v1/namespaces/shop/deployments/dev-news-api',
      '/api/v1/namespaces/shop/services/dev-news-api',
      '/api/v1/namespaces/shop/configmaps/news-settings',
    ]) {
      await on(path).expect(404);
    }
    const pods = await on('/api/v1/namespaces/shop/pods?labelSelector=appmanager.io%2Fapp%3Dnews').expect(200);
    assert.deepEqual(pods.body.items, [], "the Deployments' ReplicaSets and Pods went with them");

    const undeploy = await graphOf(bed.service.url, accepted.body.id);
    assert.equal(undeploy.state, 'SUCCESS');
    const finished = (id: string) => Date.parse(undeploy.nodes.find((n) => n.id === id)?.finishedAt ?? '');
    const started = (id: string) => Date.parse(undeploy.nodes.find((n) => n.id === id)?.startedAt ?? '');
    assert.ok(finished('microservice|web') <= started('microservice|api#service'), "web is gone before the api's Service is removed");
    assert.ok(finished('microservice|api#service') <= started('microservice|api'));
    assert.ok(finished('microservice|api') <= started('k8s-objects|settings'), 'the settings go last');

    await eventually(async () => (removedEvents.filter((e) => e.data.undeployId === accepted.body.id).length === 4 ? true : undefined));
    removals.unsubscribe();
    assert.deepEqual(
      removedEvents
        .filter((e) => e.data.undeployId === accepted.body.id)
        .map((e) => `${e.data.node}: ${e.data.objects.map((o) => `${o.kind}/${o.name}`).join(',')}`)
        .sort(),
      [
        'k8s-objects|settings: ConfigMap/news-settings',
        'microservice|api#service: Service/dev-news-api',
        'microservice|api: Deployment/dev-news-api',
        'microservice|web: Deployment/dev-news-web',
      ],
    );

    const again = await request(bed.service.url).delete('/v1/applications/news/instances/dev').expect(404);
    assert.match(again.body.message, new RegExp(`nothing deployed on stage "dev": deployment ${source} was undeployed`));
  });

  it('answers 404 for an application with nothing on that stage, and 422 naming a malformed name', async () => {
    const missing = await request(bed.service.url).delete('/v1/applications/nobody/instances/dev').expect(404);
    assert.equal(missing.body.message, 'application "nobody" has no deployment on stage "dev"');
    const bad = await request(bed.service.url).delete('/v1/applications/news/instances/dev?cluster=-x').expect(422);
    assert.match(bad.body.message, /^cluster: /);
  });

  it('undeploys from a command event published by any system, once for a repeated event', async () => {
    await deployed('mail');
    const deleted = nextMessage<Deleted>(bed.client, 'deploy.evt.app-instance.deleted.v1', {
      timeoutMs: 30_000,
      where: (m) => m.body.data.appId === 'mail',
    });
    const id = randomUUID();
    const envelope = {
      specversion: '1.0',
      id,
      source: 'ticketing',
      type: 'deploy.cmd.app-instance.undeploy.v1',
      time: new Date().toISOString(),
      data: { appId: 'mail', stage: 'dev' },
    };
    for (const msgId of [`${id}-a`, `${id}-b`]) {
      const h = headers();
      h.set('Nats-Msg-Id', msgId);
      bed.client.publish('deploy.cmd.app-instance.undeploy.v1', JSON.stringify(envelope), { headers: h });
    }
    const event = (await deleted).body.data;
    await on('/apis/apps/v1/namespaces/shop/deployments/dev-mail-web').expect(404);
    const undeploys = (await request(bed.service.url).get('/v1/deployments?appId=mail').expect(200)).body.items.filter(
      (d: { kind: string }) => d.kind === 'undeploy',
    );
    assert.deepEqual(
      undeploys.map((d: { id: string }) => d.id),
      [event.undeployId],
      'one undeploy for one CloudEvent',
    );
  });

  it('refuses with 409 while the deployment on that stage is still running', async () => {
    const app = layered('slow');
    (app.spec as Record<string, unknown>)['workflow'] = {
      steps: [
        { type: 'suspend', name: 'hold' },
        { type: 'deploy', name: 'ship' },
      ],
    };
    const suspended = nextDeploymentState(bed.client, { to: 'SUSPENDED', appId: 'slow' });
    const id = await launch(bed.service.url, 'slow', app);
    await suspended;
    const refused = await request(bed.service.url).delete('/v1/applications/slow/instances/dev').expect(409);
    assert.equal(
      refused.body.message,
      `deployment ${id} of "slow" is SUSPENDED on stage "dev"; terminate it (or let it finish) before undeploying`,
    );
    await eventually(async () =>
      (await request(bed.service.url).post(`/v1/deployments/${id}/terminate`).send({})).status === 202 ? true : undefined,
    );
  });
});
