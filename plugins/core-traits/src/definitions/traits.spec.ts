import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PluginHarness, type KubeObject } from '@appmanager/plugin-sdk';
import { loadBundle } from '../testing/load-bundle.js';

interface Workload extends KubeObject {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: { containers: Array<{ name: string; image: string; env?: unknown[] }> };
    };
  };
}

function aDeployment(): Workload {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', labels: { 'appmanager.io/component': 'api' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'appmanager.io/component': 'api' } },
      template: {
        metadata: { labels: { 'appmanager.io/component': 'api' } },
        spec: { containers: [{ name: 'api', image: 'api:1', env: [{ name: 'MODE', value: 'old' }] }] },
      },
    },
  };
}

async function applyTrait(type: string, properties: object, workload: KubeObject = aDeployment()) {
  const harness = new PluginHarness(loadBundle(`${type}.trait`), { kind: 'Trait', capabilities: {} });
  return harness.call<{ workload?: Workload; resources?: Array<KubeObject & { spec: Record<string, unknown> }> }>('apply', {
    trait: { type, name: type, runtime: 'pre' },
    component: { type: 'microservice', name: 'api' },
    properties: properties as never,
    workload: workload as never,
  });
}

describe('scaler trait', () => {
  it('sets the replica count', async () => {
    assert.equal((await applyTrait('scaler', { replicas: 5 })).workload?.spec.replicas, 5);
  });

  it('adds a HorizontalPodAutoscaler targeting the workload when asked to autoscale', async () => {
    const result = await applyTrait('scaler', { autoscale: { minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 70 } });
    assert.equal(result.workload?.spec.replicas, 2);
    const hpa = result.resources?.[0];
    assert.equal(hpa?.kind, 'HorizontalPodAutoscaler');
    assert.deepEqual(hpa?.spec['scaleTargetRef'], { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' });
    assert.equal(hpa?.spec['maxReplicas'], 10);
  });
});

describe('sidecar trait', () => {
  it('appends a container and replaces one of the same name on a second apply', async () => {
    const once = await applyTrait('sidecar', { name: 'proxy', image: 'envoy:1.30', ports: [{ containerPort: 15001 }] });
    assert.deepEqual(
      once.workload?.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`),
      ['api=api:1', 'proxy=envoy:1.30'],
    );
    const twice = await applyTrait('sidecar', { name: 'proxy', image: 'envoy:1.31' }, once.workload);
    assert.deepEqual(
      twice.workload?.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`),
      ['api=api:1', 'proxy=envoy:1.31'],
    );
  });

  it('names a workload that has no pod template', async () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } };
    await assert.rejects(applyTrait('sidecar', { name: 'proxy', image: 'envoy' }, configMap), /ConfigMap\/settings has no pod template/);
  });
});

describe('env trait', () => {
  it('sets variables on the containers, replacing ones of the same name', async () => {
    const result = await applyTrait('env', { env: { MODE: 'new', REGION: 'eu' } });
    assert.deepEqual(result.workload?.spec.template.spec.containers[0]?.env, [
      { name: 'MODE', value: 'new' },
      { name: 'REGION', value: 'eu' },
    ]);
  });
});

describe('labels trait', () => {
  it('labels the workload and its pods but leaves the immutable selector alone', async () => {
    const result = await applyTrait('labels', { labels: { team: 'shop' }, annotations: { owner: 'sre@example.com' } });
    assert.equal(result.workload?.metadata.labels?.['team'], 'shop');
    assert.equal(result.workload?.spec.template.metadata.labels['team'], 'shop');
    assert.equal(result.workload?.spec.template.metadata.annotations?.['owner'], 'sre@example.com');
    assert.deepEqual(result.workload?.spec.selector.matchLabels, { 'appmanager.io/component': 'api' });
  });
});

describe('service trait', () => {
  it('adds a Service selecting the workload pods', async () => {
    const { resources, workload } = await applyTrait('service', { ports: [{ port: 80, targetPort: 8080 }] });
    assert.equal(workload, undefined);
    assert.equal(resources?.[0]?.kind, 'Service');
    assert.deepEqual(resources?.[0]?.spec['selector'], { 'appmanager.io/component': 'api' });
    assert.deepEqual(resources?.[0]?.spec['ports'], [{ name: 'port-0', port: 80, targetPort: 8080, protocol: 'TCP' }]);
  });
});

describe('ingress trait', () => {
  it('routes the host and path to the workload Service, with TLS when given a secret', async () => {
    const { resources } = await applyTrait('ingress', {
      host: 'shop.example.com',
      path: '/api',
      servicePort: 80,
      tlsSecretName: 'shop-tls',
      className: 'nginx',
    });
    const ingress = resources?.[0];
    assert.equal(ingress?.apiVersion, 'networking.k8s.io/v1');
    assert.deepEqual(ingress?.spec['rules'], [
      {
        host: 'shop.example.com',
        http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] },
      },
    ]);
    assert.deepEqual(ingress?.spec['tls'], [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }]);
    assert.equal(ingress?.spec['ingressClassName'], 'nginx');
  });
});
