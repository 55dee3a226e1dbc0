import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeKube, PluginHarness, type KubeObject } from '@appmanager/plugin-sdk';
import { loadBundle } from '../testing/load-bundle.js';

interface DeploymentObject extends KubeObject {
  spec: { replicas: number; selector: { matchLabels: Record<string, string> }; template: { spec: { containers: unknown[] } } };
}
interface ServiceObject extends KubeObject {
  spec: { ports: unknown[]; selector: Record<string, string> };
}

const microservice = loadBundle('microservice.component');
const capabilities = { kube: true, outputs: true, log: true };

function anInput(properties: Record<string, unknown> = {}) {
  return {
    component: { type: 'microservice', name: 'api' },
    properties: {
      image: 'registry.local/shop/api:1.4.2',
      replicas: 3,
      env: { LOG_LEVEL: 'info', DB_HOST: 'db' },
      ports: [{ name: 'http', containerPort: 8080, servicePort: 80 }],
      resources: { requests: { cpu: '100m' }, limits: { memory: '256Mi' } },
      readinessProbe: { httpGet: { path: '/healthz', port: 8080 } },
      ...properties,
    },
  };
}

function aLiveDeployment(status: Record<string, unknown>, replicas = 3, generation = 2): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', generation }, spec: { replicas }, status };
}

describe('microservice component', () => {
  it('renders a Deployment with the image, env, ports, replicas, resources and probes, and a Service', async () => {
    const harness = new PluginHarness(microservice, { kind: 'Component', capabilities });
    const { resources } = await harness.call<{ resources: KubeObject[] }>('render', anInput());
    const [deployment, service] = resources as [DeploymentObject, ServiceObject];
    assert.equal(deployment.kind, 'Deployment');
    assert.equal(deployment.metadata.name, 'api');
    assert.equal(deployment.spec.replicas, 3);
    assert.deepEqual(deployment.spec.selector.matchLabels, { 'appmanager.io/app': 'test-app', 'appmanager.io/component': 'api' });
    assert.deepEqual(deployment.spec.template.spec.containers, [
      {
        name: 'api',
        image: 'registry.local/shop/api:1.4.2',
        env: [
          { name: 'DB_HOST', value: 'db' },
          { name: 'LOG_LEVEL', value: 'info' },
        ],
        ports: [{ containerPort: 8080, protocol: 'TCP', name: 'http' }],
        resources: { requests: { cpu: '100m' }, limits: { memory: '256Mi' } },
        readinessProbe: { httpGet: { path: '/healthz', port: 8080 } },
      },
    ]);
    assert.equal(service.kind, 'Service');
    assert.deepEqual(service.spec.ports, [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]);
    assert.deepEqual(service.spec.selector, deployment.spec.selector.matchLabels);
  });

  it('renders no Service without ports and prefixes names with the stage', async () => {
    const harness = new PluginHarness(microservice, {
      kind: 'Component',
      capabilities,
      context: { target: { cluster: 'c', namespace: 'shop', stage: 'canary' } },
    });
    const { resources } = await harness.call<{ resources: KubeObject[] }>('render', anInput({ ports: [] }));
    assert.deepEqual(
      resources.map((r) => `${r.kind}/${r.metadata.name}`),
      ['Deployment/canary-api'],
    );
    assert.equal(resources[0]?.metadata.labels?.['appmanager.io/stage'], 'canary');
  });

  it('applies what it rendered into the target namespace, sets outputs, and destroys it again', async () => {
    const harness = new PluginHarness(microservice, { kind: 'Component', capabilities });
    const { resources } = await harness.call<{ resources: KubeObject[] }>('render', anInput());
    const applied = await harness.call('apply', { ...anInput(), resources: resources as never });
    assert.deepEqual(applied, {
      applied: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
        { apiVersion: 'v1', kind: 'Service', name: 'api' },
      ],
    });
    assert.deepEqual(
      harness.kube.all().map((o) => o.metadata.namespace),
      ['test-namespace', 'test-namespace'],
    );
    assert.deepEqual(harness.outputs, { deploymentName: 'api', serviceName: 'api' });
    await harness.call('destroy', anInput());
    assert.deepEqual(harness.kube.all(), []);
  });

  it('reads its state from the Deployment conditions and ready replicas', async () => {
    const cases: Array<[KubeObject | undefined, string, RegExp]> = [
      [undefined, 'PENDING', /not found/],
      [
        aLiveDeployment({
          observedGeneration: 2,
          replicas: 3,
          readyReplicas: 1,
          updatedReplicas: 3,
          conditions: [{ type: 'Available', status: 'False' }],
        }),
        'PROCESSING',
        /1\/3 replicas ready/,
      ],
      [
        aLiveDeployment({
          observedGeneration: 2,
          replicas: 3,
          readyReplicas: 3,
          updatedReplicas: 3,
          conditions: [{ type: 'Available', status: 'True' }],
        }),
        'RUNNING',
        /3\/3/,
      ],
      [
        aLiveDeployment({
          observedGeneration: 1,
          replicas: 3,
          readyReplicas: 3,
          updatedReplicas: 3,
          conditions: [{ type: 'Available', status: 'True' }],
        }),
        'PROCESSING',
        /3\/3/,
      ],
      [
        aLiveDeployment({
          conditions: [
            { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'api has timed out progressing' },
          ],
        }),
        'FAILURE',
        /timed out/,
      ],
      [aLiveDeployment({ conditions: [{ type: 'ReplicaFailure', status: 'True', message: 'exceeded quota' }] }), 'ERROR', /quota/],
    ];
    for (const [live, state, message] of cases) {
      const harness = new PluginHarness(microservice, {
        kind: 'Component',
        capabilities,
        kube: new FakeKube('test-namespace', live ? [live] : []),
      });
      const result = await harness.call<{ state: string; message: string }>('status', anInput());
      assert.equal(result.state, state, JSON.stringify(live?.['status']));
      assert.match(result.message, message);
    }
  });
});
