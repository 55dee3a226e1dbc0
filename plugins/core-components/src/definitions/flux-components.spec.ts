import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeKube, PluginHarness, type KubeObject } from '@appmanager/plugin-sdk';
import { loadBundle } from '../testing/load-bundle.js';

type Spec = Record<string, unknown>;
interface FluxObject extends KubeObject {
  spec: Spec;
}

const context = { target: { cluster: 'c', namespace: 'abm-daily', stage: 'prod' } };

function aHarness(name: string, live: KubeObject[] = []) {
  return new PluginHarness(loadBundle(name), {
    kind: 'Component',
    capabilities: { kube: true },
    context,
    kube: new FakeKube('abm-daily', live),
  });
}

function aFluxObject(
  apiVersion: string,
  kind: string,
  ready?: { status: string; reason: string; message: string },
  generation = 1,
  observedGeneration = 1,
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name: 'prod-chart', generation },
    status: ready ? { observedGeneration, conditions: [{ type: 'Ready', ...ready }] } : {},
  };
}

describe('helm component', () => {
  const native = {
    chart: 'nginx',
    version: '15.1.0',
    repository: { url: 'https://charts.bitnami.com/bitnami' },
    values: { replicaCount: 2 },
  };
  const abm = {
    apiVersion: 'apps.abm.io/v1',
    kind: 'Helm',
    spec: {
      chart: 'helm-demo-chart',
      version: '0.0.1',
      repoUrl: 'oci://registry.local/charts',
      name: 'appmanager-helm-e2e',
      ignoreCreateNamespace: true,
      values: { image: { repository: 'nginx' } },
      base64Kubeconfig: 'ZmFrZQ==',
    },
  };
  const call = <T>(harness: PluginHarness, fn: string, properties: object, extra: object = {}) =>
    harness.call<T>(fn, { component: { type: 'helm', name: 'chart' }, properties: properties as never, ...extra });

  it('renders a Flux HelmRelease of the chart, version and values, and the HelmRepository it pulls from', async () => {
    const { resources } = await call<{ resources: FluxObject[] }>(aHarness('helm.component'), 'render', native);
    const [release, repository] = resources as [FluxObject, FluxObject];
    assert.deepEqual([release.apiVersion, release.kind, release.metadata.name], ['helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'prod-chart']);
    assert.deepEqual(release.spec['chart'], {
      spec: { chart: 'nginx', version: '15.1.0', sourceRef: { kind: 'HelmRepository', name: 'prod-chart' } },
    });
    assert.deepEqual([release.spec['releaseName'], release.spec['values']], ['prod-chart', { replicaCount: 2 }]);
    assert.deepEqual(
      [repository.apiVersion, repository.kind, repository.spec['url']],
      ['source.toolkit.fluxcd.io/v1', 'HelmRepository', 'https://charts.bitnami.com/bitnami'],
    );
  });

  it("renders AppManager's ABM_HELM spec: release name from spec.name, an OCI repository, the kubeconfig ignored", async () => {
    const { resources } = await call<{ resources: FluxObject[] }>(aHarness('helm.component'), 'render', abm);
    const [release, repository] = resources as [FluxObject, FluxObject];
    assert.equal(release.spec['releaseName'], 'appmanager-helm-e2e');
    assert.deepEqual(release.spec['values'], { image: { repository: 'nginx' } });
    assert.deepEqual(repository.spec, { interval: '10m', url: 'oci://registry.local/charts', type: 'oci' });
    assert.doesNotMatch(JSON.stringify(resources), /ZmFrZQ/);
  });

  it('names the missing field of an AppManager spec', async () => {
    await assert.rejects(
      call(aHarness('helm.component'), 'render', { spec: { chart: 'x' } }),
      /spec\.repoUrl \(or spec\.repo\) is required/,
    );
  });

  it("reads its state from the HelmRelease's Ready condition", async () => {
    const hr = (ready?: { status: string; reason: string; message: string }, generation?: number) =>
      aFluxObject('helm.toolkit.fluxcd.io/v2', 'HelmRelease', ready, generation);
    const cases: Array<[KubeObject[], string, RegExp]> = [
      [[], 'PENDING', /not found/],
      [[hr()], 'PENDING', /not been reconciled/],
      [
        [hr({ status: 'True', reason: 'InstallSucceeded', message: 'Helm install succeeded for release abm-daily/chart.v1' })],
        'RUNNING',
        /install succeeded/,
      ],
      [[hr({ status: 'True', reason: 'InstallSucceeded', message: 'old' }, 2)], 'PROCESSING', /being reconciled/],
      [
        [hr({ status: 'False', reason: 'InstallFailed', message: 'chart "broken" not found' })],
        'FAILURE',
        /InstallFailed: chart "broken" not found/,
      ],
      [
        [hr({ status: 'False', reason: 'ArtifactFailed', message: "HelmRepository 'abm-daily/prod-chart' not found" })],
        'PROCESSING',
        /ArtifactFailed: HelmRepository/,
      ],
      [[hr({ status: 'False', reason: 'RetriesExceeded', message: 'gave up' })], 'ERROR', /RetriesExceeded: gave up/],
      [[hr({ status: 'Unknown', reason: 'Progressing', message: 'installing' })], 'PROCESSING', /installing/],
    ];
    for (const [live, state, message] of cases) {
      const result = await call<{ state: string; message: string }>(aHarness('helm.component', live), 'status', native);
      assert.equal(result.state, state, JSON.stringify(live));
      assert.match(result.message, message);
    }
  });

  it('applies both objects and destroys both', async () => {
    const harness = aHarness('helm.component');
    const { resources } = await call<{ resources: FluxObject[] }>(harness, 'render', abm);
    const { applied } = await call<{ applied: Array<{ kind: string }> }>(harness, 'apply', abm, { resources });
    assert.deepEqual(
      applied.map((o) => o.kind),
      ['HelmRepository', 'HelmRelease'],
      'the source first',
    );
    await call(harness, 'destroy', abm);
    assert.deepEqual(harness.kube.all(), []);
  });
});

describe('kustomize component', () => {
  const call = <T>(harness: PluginHarness, fn: string, properties: object, extra: object = {}) =>
    harness.call<T>(fn, { component: { type: 'kustomize', name: 'chart' }, properties: properties as never, ...extra });

  it('deploys objects rendered by amctl kustomize render, annotated with the rendering they came from', async () => {
    const objects = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shop-base' }, data: { a: '1' } }];
    const properties = { objects, kustomization: { path: 'deploy/base', sha256: 'a'.repeat(64) } };
    const harness = aHarness('kustomize.component');
    const { resources } = await call<{ resources: KubeObject[] }>(harness, 'render', properties);
    assert.equal(resources[0]?.metadata.annotations?.['appmanager.io/kustomization-sha256'], 'a'.repeat(64));
    assert.equal(resources[0]?.metadata.name, 'shop-base');
    await call(harness, 'apply', properties, { resources });
    assert.deepEqual(await call(harness, 'status', properties), { state: 'RUNNING' });
    await call(harness, 'destroy', properties);
    assert.deepEqual(harness.kube.all(), []);
  });

  it("hands AppManager's ABM_KUSTOMIZE path to Flux as a GitRepository and a Kustomization into the target namespace", async () => {
    const properties = {
      spec: { path: 'overlays/staging', repo: 'https://git.local/demo.git', branch: 'main', base64Kubeconfig: 'fake_config' },
    };
    const harness = aHarness('kustomize.component');
    const { resources } = await call<{ resources: FluxObject[] }>(harness, 'render', properties);
    const [kustomization, source] = resources as [FluxObject, FluxObject];
    assert.deepEqual([kustomization.apiVersion, kustomization.kind], ['kustomize.toolkit.fluxcd.io/v1', 'Kustomization']);
    assert.deepEqual(kustomization.spec, {
      interval: '10m',
      path: './overlays/staging',
      prune: true,
      targetNamespace: 'abm-daily',
      sourceRef: { kind: 'GitRepository', name: 'prod-chart' },
    });
    assert.deepEqual(source.spec, { interval: '10m', url: 'https://git.local/demo.git', ref: { branch: 'main' } });
    await call(harness, 'apply', properties, { resources });
    assert.equal((await call<{ state: string }>(harness, 'status', properties)).state, 'PENDING');
    await call(harness, 'destroy', properties);
    assert.deepEqual(harness.kube.all(), []);
    const failed = aHarness('kustomize.component', [
      aFluxObject('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', {
        status: 'False',
        reason: 'BuildFailed',
        message: 'no kustomization.yaml in ./overlays/staging',
      }),
    ]);
    assert.deepEqual(await call(failed, 'status', properties), {
      state: 'FAILURE',
      message: 'BuildFailed: no kustomization.yaml in ./overlays/staging',
    });
  });

  it('says how to deploy an ABM_KUSTOMIZE without a git repository', async () => {
    await assert.rejects(
      call(aHarness('kustomize.component'), 'render', { spec: { path: 'overlays/staging' } }),
      /spec\.repo \(a git URL\) is required.*amctl kustomize render/,
    );
  });
});
