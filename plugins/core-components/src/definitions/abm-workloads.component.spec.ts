import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeKube, PluginHarness, type KubeObject } from '@appmanager/plugin-sdk';
import { loadBundle } from '../testing/load-bundle.js';
import { corpusMissing, corpusYaml } from '../testing/sreworks-corpus.js';

interface Container {
  name: string;
  image: string;
  env?: Array<{ name: string; value?: string }>;
  ports?: unknown[];
}
interface PodWorkload extends KubeObject {
  spec: {
    replicas?: number;
    serviceName?: string;
    backoffLimit?: number;
    template: { spec: { restartPolicy?: string; containers: Container[]; initContainers?: Container[] } };
  };
}

const microservice = loadBundle('microservice.component');
const job = loadBundle('job.component');
const capabilities = { kube: true, outputs: true, log: true };
const stage = { target: { cluster: 'c', namespace: 'sreworks', stage: 'prod' } };

function anAbmMicroservice(spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps.abm.io/v1',
    kind: 'Microservice',
    metadata: { name: 'PLACEHOLDER_NAME', namespace: 'PLACEHOLDER_NAMESPACE_ID', labels: { stageId: 'PLACEHOLDER_STAGE_ID' } },
    spec: {
      kind: 'Deployment',
      replicas: 2,
      containers: [{ name: 'api', image: 'reg/api:1', ports: [{ containerPort: 7001 }], env: [{ name: 'MODE', value: 'own' }] }],
      initContainers: [{ name: 'db-migration', image: 'reg/migrate:1' }],
      env: { DB_HOST: 'db', DB_PORT: 3306, MODE: 'shared', FEATURES: { a: true } },
      ...spec,
    },
  };
}

async function render(bundle: typeof microservice, type: string, properties: object, context: object = stage) {
  const harness = new PluginHarness(bundle, { kind: 'Component', capabilities, context });
  return {
    harness,
    ...(await harness.call<{ resources: PodWorkload[] }>('render', {
      component: { type, name: 'upload-filemanage' },
      properties: properties as never,
    })),
  };
}

describe('microservice component, AppManager form', () => {
  it('renders an AppManager Microservice with its env map as container env, its init containers and replicas', async () => {
    const { resources } = await render(microservice, 'K8S_MICROSERVICE', anAbmMicroservice());
    assert.deepEqual(
      resources.map((r) => `${r.kind}/${r.metadata.name}`),
      ['Deployment/prod-upload-filemanage'],
      'no Service: the service trait makes it',
    );
    const [deployment] = resources as [PodWorkload];
    assert.equal(deployment.spec.replicas, 2);
    const [api] = deployment.spec.template.spec.containers;
    assert.deepEqual(api?.env, [
      { name: 'DB_HOST', value: 'db' },
      { name: 'DB_PORT', value: '3306' },
      { name: 'FEATURES', value: '{"a":true}' },
      { name: 'MODE', value: 'own' },
    ]);
    assert.deepEqual(api?.ports, [{ containerPort: 7001 }]);
    assert.equal(deployment.spec.template.spec.initContainers?.[0]?.image, 'reg/migrate:1');
    assert.equal(deployment.spec.template.spec.initContainers?.[0]?.env?.length, 4, 'the env map applies to init containers too');
    assert.equal(deployment.metadata.labels?.['appmanager.io/stage'], 'prod');
  });

  it('renders a StatefulSet governed by a Service of its own name when spec.kind says so', async () => {
    const { resources } = await render(microservice, 'K8S_MICROSERVICE', anAbmMicroservice({ kind: 'StatefulSet', replicas: '3' }));
    const [sts] = resources as [PodWorkload];
    assert.deepEqual(
      [sts.kind, sts.metadata.name, sts.spec.serviceName, sts.spec.replicas],
      ['StatefulSet', 'prod-upload-filemanage', 'prod-upload-filemanage', 3],
    );
  });

  it('refuses a spec.kind it cannot run, naming it, and a container without an image, naming the field', async () => {
    await assert.rejects(
      render(microservice, 'K8S_MICROSERVICE', anAbmMicroservice({ kind: 'CloneSet' })),
      /spec\.kind "CloneSet" is not supported/,
    );
    await assert.rejects(
      render(microservice, 'K8S_MICROSERVICE', anAbmMicroservice({ containers: [{ name: 'api' }] })),
      /spec\.containers\[0\]\.image is required/,
    );
    await assert.rejects(
      render(microservice, 'K8S_MICROSERVICE', anAbmMicroservice({ replicas: 'many' })),
      /spec\.replicas must be a whole number/,
    );
  });

  it('renders the filemanage workload of the SREWorks upload app package unchanged', { skip: corpusMissing }, async () => {
    const component = corpusYaml<{ spec: { workload: Record<string, unknown> } }>(
      'app-packages/upload/K8S_MICROSERVICE_filemanage.zip.dir/meta.yaml',
    );
    const { resources } = await render(microservice, 'K8S_MICROSERVICE', component.spec.workload);
    const [deployment] = resources as [PodWorkload];
    assert.equal(deployment.kind, 'Deployment');
    assert.equal(deployment.spec.replicas, 1);
    const podSpec = deployment.spec.template.spec;
    assert.deepEqual(
      podSpec.containers.map((c) => `${c.name}=${c.image}`),
      ['filemanage=sreworks-registry.cn-beijing.cr.aliyuncs.com/hub/upload-filemanage-filemanage:1679412020821'],
    );
    assert.deepEqual(
      podSpec.initContainers?.map((c) => c.name),
      ['db-migration'],
    );
    assert.deepEqual(
      podSpec.containers[0]?.env?.find((e) => e.name === 'DB_HOST'),
      { name: 'DB_HOST', value: '{{ Global.DB_HOST }}' },
    );
    assert.equal(podSpec.containers[0]?.env?.length, 12);
  });

  it("applies, reports the StatefulSet's state and destroys what it rendered", async () => {
    const properties = anAbmMicroservice({ kind: 'StatefulSet' });
    const { harness, resources } = await render(microservice, 'K8S_MICROSERVICE', properties);
    await harness.call('apply', {
      component: { type: 'K8S_MICROSERVICE', name: 'upload-filemanage' },
      properties: properties as never,
      resources: resources as never,
    });
    assert.deepEqual(harness.outputs, { statefulSetName: 'prod-upload-filemanage' });
    const input = { component: { type: 'K8S_MICROSERVICE', name: 'upload-filemanage' }, properties: properties as never };
    assert.deepEqual(await harness.call('status', input), { state: 'PROCESSING', message: '0/2 replicas ready, 0 updated' });
    const live = {
      ...harness.kube.all()[0]!,
      status: { observedGeneration: 1, replicas: 2, readyReplicas: 2, updatedReplicas: 2 },
    } as KubeObject;
    const ready = new PluginHarness(microservice, {
      kind: 'Component',
      capabilities,
      context: stage,
      kube: new FakeKube('sreworks', [live]),
    });
    assert.equal((await ready.call<{ state: string }>('status', input)).state, 'RUNNING');
    assert.deepEqual(await harness.call('destroy', input), {
      deleted: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'prod-upload-filemanage' }],
    });
    assert.deepEqual(harness.kube.all(), []);
  });
});

describe('job component, AppManager form', () => {
  const anAbmJob = {
    apiVersion: 'apps.abm.io/v1',
    kind: 'Job',
    spec: { backoffLimit: 0, containers: [{ name: 'init', image: 'reg/init:1' }], env: { RETRIES: 2 } },
  };

  it('renders an AppManager Job with its env map as container env, run once to completion', async () => {
    const { harness, resources } = await render(job, 'K8S_JOB', anAbmJob);
    const [rendered] = resources as [PodWorkload];
    assert.deepEqual(
      [rendered.kind, rendered.metadata.name, rendered.spec.backoffLimit, rendered.spec.template.spec.restartPolicy],
      ['Job', 'prod-upload-filemanage', 0, 'Never'],
    );
    assert.deepEqual(rendered.spec.template.spec.containers, [
      { name: 'init', image: 'reg/init:1', env: [{ name: 'RETRIES', value: '2' }] },
    ]);
    const input = { component: { type: 'K8S_JOB', name: 'upload-filemanage' }, properties: anAbmJob as never };
    await harness.call('apply', { ...input, resources: resources as never });
    assert.equal((await harness.call<{ state: string }>('status', input)).state, 'PENDING');
    await harness.call('destroy', input);
    assert.deepEqual(harness.kube.all(), []);
  });
});
