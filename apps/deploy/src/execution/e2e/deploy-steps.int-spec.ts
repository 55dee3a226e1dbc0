import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type NatsConnection } from '@nats-io/transport-node';
import { type ClusterSim } from '@appmanager/kube-sim';
import { type RunningService } from '@appmanager/service-host';
import { adminRequest as request } from '@appmanager/testing';
import { graphOf, launch, nextDeploymentState } from '../../testing/deploy-harness.js';
import { startDeployTestBed, type DeployTestBed } from '../../testing/deploy-test-bed.js';
import { withSteps } from '../../testing/environment.fixture.js';

describe('deploy steps: what each deploys, gates between them, rollout', () => {
  let sim: ClusterSim;
  let service: RunningService;
  let client: NatsConnection;

  let bed: DeployTestBed;

  before(async () => {
    bed = await startDeployTestBed({ label: 'deploy-steps', podReadyDelayMs: 300, env: { DEPLOY_CLAIM_INTERVAL_MS: '30000' } });
    ({ sim, service, client } = bed);
  });

  after(() => bed?.close());

  it('deploys at an apply-components step only what it names, holds the rest behind a suspend, and deploys it at the next deploy step', async () => {
    const app = withSteps('gated', [
      { type: 'apply-components', name: 'settings-first', properties: { components: [{ type: 'k8s-objects', name: 'settings' }] } },
      { type: 'suspend', name: 'approve' },
      { type: 'deploy', name: 'everything' },
    ]);
    app.spec.components.push(
      {
        name: 'settings',
        type: 'k8s-objects',
        properties: { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gated-settings' }, data: { mode: 'gated' } }] },
      } as never,
      { name: 'web', type: 'microservice', properties: { image: 'shop/web:1.0' } } as never,
    );
    const suspended = nextDeploymentState(client, { to: 'SUSPENDED', appId: 'gated' });
    const id = await launch(service.url, 'gated', app);
    await suspended;
    const on = (path: string) =>
      request(sim.serverOf('sim-1'))
        .get(path)
        .set('Authorization', `Bearer ${sim.registry.tokenOf('sim-1')}`)
        .ca(sim.caPem ?? '');
    await on('/api/v1/namespaces/shop/configmaps/gated-settings').expect(200);
    await on('/apis/apps/v1/namespaces/shop/deployments/dev-gated-api').expect(404);
    await on('/apis/apps/v1/namespaces/shop/deployments/dev-gated-web').expect(404);
    const held = await graphOf(service.url, id);
    assert.deepEqual(
      held.nodes.filter((n) => n.step !== null).map((n) => `${n.step}:${n.id}=${n.state}`),
      ['settings-first:k8s-objects|settings=SUCCESS'],
    );

    const succeeded = nextDeploymentState(client, { to: 'SUCCESS', deploymentId: id });
    await request(service.url).post(`/v1/deployments/${id}/resume`).expect(202);
    await succeeded;
    await on('/apis/apps/v1/namespaces/shop/deployments/dev-gated-api').expect(200);
    await on('/apis/apps/v1/namespaces/shop/deployments/dev-gated-web').expect(200);
    const done = await graphOf(service.url, id);
    assert.deepEqual(
      done.nodes.map((n) => `${n.step}:${n.id}`),
      [
        'settings-first:k8s-objects|settings',
        'everything:microservice|api',
        'everything:k8s-objects|settings',
        'everything:microservice|web',
      ],
    );
    const nodeHistory = done.history.filter((h) => h.subject.startsWith('node:') && h.to === 'SUCCESS').map((h) => h.subject);
    assert.deepEqual(
      nodeHistory.slice(0, 1),
      ['node:k8s-objects|settings@settings-first'],
      'the first step deployed the settings alone, before the suspend',
    );
    assert.equal(nodeHistory.length, 4);
  });

  it("runs AppManager's rollout: a first part, a suspend, rollout-promotion reading the context the operator resumed with, the rest", async () => {
    const rollout = (name: string) => {
      const app = withSteps(name, [
        {
          type: 'apply-components',
          name: 'canary',
          properties: {
            components: [{ type: 'microservice', name: 'api' }],
            rollout: { type: 'partition', properties: { partition: '1' } },
          },
        },
        { type: 'suspend', name: 'verify' },
        { type: 'rollout-promotion', name: 'decide' },
        { type: 'deploy', name: 'rest' },
      ]);
      app.spec.components.push({ name: 'web', type: 'microservice', properties: { image: 'shop/web:1.0' } } as never);
      return app;
    };
    for (const [name, context, final] of [
      ['promoted', { continueRollout: true }, 'SUCCESS'],
      ['rolled-back', { rollback: true }, 'TERMINATED'],
    ] as const) {
      const suspended = nextDeploymentState(client, { to: 'SUSPENDED', appId: name });
      const id = await launch(service.url, name, rollout(name));
      await suspended;
      const ended = nextDeploymentState(client, { to: final, deploymentId: id });
      await request(service.url).post(`/v1/deployments/${id}/resume`).send({ context }).expect(202);
      await ended;
      const web = await request(sim.serverOf('sim-1'))
        .get(`/apis/apps/v1/namespaces/shop/deployments/dev-${name}-web`)
        .set('Authorization', `Bearer ${sim.registry.tokenOf('sim-1')}`)
        .ca(sim.caPem ?? '');
      assert.equal(web.status, final === 'SUCCESS' ? 200 : 404, `${name}: the rest is deployed only when promoted`);
    }
  });

  it('refuses an apply-components step naming a component the application does not have', async () => {
    const app = withSteps('gated-typo', [
      { type: 'apply-components', name: 'first', properties: { components: [{ type: 'k8s-objects', name: 'setings' }] } },
    ]);
    const refused = await request(service.url).post('/v1/deployments').send({ appId: 'gated-typo', configuration: app }).expect(422);
    assert.equal(refused.body.issues[0].path, 'spec.workflow.steps[0].properties.components[0]');
    assert.match(
      refused.body.issues[0].message,
      /names no component of the application: "k8s-objects\|setings" \(known: microservice\|api\)/,
    );
  });
});
