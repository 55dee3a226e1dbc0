import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PluginHarness, type KubeObject } from '@appmanager/plugin-sdk';
import { loadBundle } from '../testing/load-bundle.js';

type Obj = Record<string, unknown>;
interface Container {
  name: string;
  env?: Array<{ name: string; value?: string }>;
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}
interface Workload extends KubeObject {
  spec: {
    selector: { matchLabels: Record<string, string> };
    template: { spec: { containers: Container[]; initContainers?: Container[]; volumes?: Obj[] } };
  };
}

const context = { target: { cluster: 'c', namespace: 'sreworks', stage: 'prod' } };

function aWorkload(): Workload {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'prod-upload-filemanage', labels: { 'appmanager.io/component': 'upload-filemanage' } },
    spec: {
      selector: { matchLabels: { 'appmanager.io/component': 'upload-filemanage' } },
      template: {
        spec: { initContainers: [{ name: 'db-migration' }], containers: [{ name: 'filemanage', env: [{ name: 'TZ', value: 'UTC' }] }] },
      },
    },
  };
}

async function applyTrait(type: string, properties: object, workload: KubeObject = aWorkload()) {
  const harness = new PluginHarness(loadBundle(`${type}.trait`), { kind: 'Trait', capabilities: {}, context });
  return harness.call<{ workload?: Workload; resources?: Array<KubeObject & { spec: Obj }> }>('apply', {
    trait: { type, name: type, runtime: 'post' },
    component: { type: 'K8S_MICROSERVICE', name: 'upload-filemanage' },
    properties: properties as never,
    workload: workload as never,
  });
}

describe('service trait, SREWorks service.trait.abm.io', () => {
  it('exposes the ports of a SREWorks service trait, reading a numeric string targetPort as a number and keeping a named one', async () => {
    const { resources } = await applyTrait('service', {
      ports: [
        { protocol: 'TCP', port: 80, targetPort: '7001' },
        { port: '9000', targetPort: 'metrics' },
      ],
    });
    assert.equal(resources?.[0]?.metadata.name, 'prod-upload-filemanage');
    assert.deepEqual(resources?.[0]?.spec['ports'], [
      { name: 'port-0', port: 80, targetPort: 7001, protocol: 'TCP' },
      { name: 'port-1', port: 9000, targetPort: 'metrics', protocol: 'TCP' },
    ]);
  });
});

describe('gateway trait', () => {
  const sreworks = { path: '/sreworks/other/**', serviceName: 'prod-upload-filemanage.sreworks', authEnabled: false };

  it("routes SREWorks' /** path as a Prefix Ingress to the named service on port 80, recording authEnabled", async () => {
    const { resources } = await applyTrait('gateway', sreworks);
    const [ingress] = resources ?? [];
    assert.deepEqual(
      [ingress?.apiVersion, ingress?.kind, ingress?.metadata.name],
      ['networking.k8s.io/v1', 'Ingress', 'prod-upload-filemanage'],
    );
    assert.deepEqual(ingress?.spec['rules'], [
      {
        http: {
          paths: [
            { path: '/sreworks/other', pathType: 'Prefix', backend: { service: { name: 'prod-upload-filemanage', port: { number: 80 } } } },
          ],
        },
      },
    ]);
    assert.equal(ingress?.metadata.annotations?.['appmanager.io/auth-enabled'], 'false');
  });

  it('renders a Gateway API HTTPRoute attached to the named Gateway when asked, with an exact path and a host', async () => {
    const { resources } = await applyTrait('gateway', {
      path: '/healthz',
      servicePort: 7001,
      host: 'sreworks.example.com',
      gatewayRef: { name: 'public', namespace: 'gateways' },
    });
    const [route] = resources ?? [];
    assert.deepEqual([route?.apiVersion, route?.kind], ['gateway.networking.k8s.io/v1', 'HTTPRoute']);
    assert.deepEqual(route?.spec, {
      parentRefs: [{ name: 'public', namespace: 'gateways' }],
      hostnames: ['sreworks.example.com'],
      rules: [{ matches: [{ path: { type: 'Exact', value: '/healthz' } }], backendRefs: [{ name: 'prod-upload-filemanage', port: 7001 }] }],
    });
  });

  it('refuses an Ingress to a service in another namespace, naming it', async () => {
    await assert.rejects(applyTrait('gateway', { ...sreworks, serviceName: 'api.other' }), /namespace "other".*gatewayRef/);
  });
});

describe('timezone trait', () => {
  it("mounts the node's /etc/localtime into every container and init container and sets TZ when given", async () => {
    const { workload } = await applyTrait('timezone', { timezone: 'Asia/Shanghai' });
    const podSpec = workload?.spec.template.spec;
    assert.deepEqual(podSpec?.volumes, [{ name: 'host-localtime', hostPath: { path: '/etc/localtime', type: 'File' } }]);
    for (const container of [...(podSpec?.initContainers ?? []), ...(podSpec?.containers ?? [])]) {
      assert.deepEqual(container.volumeMounts, [{ name: 'host-localtime', mountPath: '/etc/localtime', readOnly: true }], container.name);
      assert.deepEqual(
        container.env?.filter((e) => e.name === 'TZ'),
        [{ name: 'TZ', value: 'Asia/Shanghai' }],
        container.name,
      );
    }
  });

  it('is idempotent: a second apply adds no second volume or mount', async () => {
    const once = await applyTrait('timezone', {});
    const twice = await applyTrait('timezone', {}, once.workload);
    assert.equal(twice.workload?.spec.template.spec.volumes?.length, 1);
    assert.equal(twice.workload?.spec.template.spec.containers[0]?.volumeMounts?.length, 1);
    assert.deepEqual(
      twice.workload?.spec.template.spec.containers[0]?.env,
      [{ name: 'TZ', value: 'UTC' }],
      'TZ left alone without a timezone',
    );
  });
});
