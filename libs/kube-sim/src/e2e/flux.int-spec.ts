import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { SIM_ANNOTATIONS } from '../index.js';
import { eventually, startHarness, type Harness } from '../test-support/sim-harness.js';

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}
interface FluxStatus {
  observedGeneration?: number;
  lastAttemptedRevision?: string;
  lastAppliedRevision?: string;
  conditions?: Condition[];
}
type FluxObject = KubernetesObject & { spec: Record<string, unknown>; status?: FluxStatus };

const NS = 'abm-daily';

function aHelmRepository(name: string): FluxObject {
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { name, namespace: NS },
    spec: { interval: '10m', url: 'https://charts.example.com' },
  };
}

function aHelmRelease(name: string, chart: string, version = '0.0.1', annotations?: Record<string, string>): FluxObject {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name, namespace: NS, ...(annotations ? { annotations } : {}) },
    spec: {
      interval: '10m',
      releaseName: name,
      chart: { spec: { chart, version, sourceRef: { kind: 'HelmRepository', name } } },
      values: { replicaCount: 2 },
    },
  };
}

describe('Flux on a simulated cluster', () => {
  let h: Harness;
  let objects: KubernetesObjectApi;
  let kubeconfig: string;

  const ready = (kind: string, apiVersion: string, name: string) =>
    eventually(async () => {
      const live = (await objects.read({ apiVersion, kind, metadata: { name, namespace: NS } })) as FluxObject;
      const condition = live.status?.conditions?.find((c) => c.type === 'Ready');
      return condition && live.status?.observedGeneration === live.metadata?.generation ? { live, condition } : undefined;
    }, 5_000);

  before(async () => {
    h = await startHarness();
    kubeconfig = h.kubeconfigFile('flux-1');
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    objects = KubernetesObjectApi.makeApiClient(kc);
    await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: NS } } });
  });
  after(() => h.close());

  it("serves Flux's CRDs and namespace from the start, as a cluster with flux install done", async () => {
    const crds = (await objects.list('apiextensions.k8s.io/v1', 'CustomResourceDefinition')).items.map((c) => c.metadata?.name);
    for (const name of [
      'helmrepositories.source.toolkit.fluxcd.io',
      'gitrepositories.source.toolkit.fluxcd.io',
      'helmreleases.helm.toolkit.fluxcd.io',
      'kustomizations.kustomize.toolkit.fluxcd.io',
    ]) {
      assert.ok(crds.includes(name), `${name} in ${crds.join(', ')}`);
    }
    assert.ok(await objects.read({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } }));
  });

  it('marks a HelmRelease Ready (InstallSucceeded, the chart version as last attempted revision), then UpgradeSucceeded on a new version', async () => {
    await objects.create(aHelmRepository('shop'));
    await objects.create(aHelmRelease('shop', 'nginx', '15.1.0'));
    const { live, condition } = await ready('HelmRelease', 'helm.toolkit.fluxcd.io/v2', 'shop');
    assert.deepEqual([condition.status, condition.reason], ['True', 'InstallSucceeded']);
    assert.match(condition.message, /Helm install succeeded for release abm-daily\/shop\.v1 with chart nginx@15\.1\.0/);
    assert.equal(live.status?.lastAttemptedRevision, '15.1.0');
    const source = await ready('HelmRepository', 'source.toolkit.fluxcd.io/v1', 'shop');
    assert.equal(source.condition.status, 'True');

    await objects.patch(aHelmRelease('shop', 'nginx', '15.2.0'), undefined, undefined, 'test', true, PatchStrategy.ServerSideApply);
    const upgraded = await ready('HelmRelease', 'helm.toolkit.fluxcd.io/v2', 'shop');
    assert.deepEqual([upgraded.condition.reason, upgraded.live.status?.lastAttemptedRevision], ['UpgradeSucceeded', '15.2.0']);
  });

  it('fails a HelmRelease of a broken-* chart, or one annotated to fail, with InstallFailed and a message', async () => {
    await objects.create(aHelmRepository('broken'));
    await objects.create(aHelmRelease('broken', 'broken-chart'));
    const broken = await ready('HelmRelease', 'helm.toolkit.fluxcd.io/v2', 'broken');
    assert.deepEqual([broken.condition.status, broken.condition.reason], ['False', 'InstallFailed']);
    assert.match(
      broken.condition.message,
      /Helm install failed for release abm-daily\/broken with chart broken-chart@0\.0\.1: chart "broken-chart" is broken/,
    );

    await objects.create(aHelmRepository('quota'));
    await objects.create(aHelmRelease('quota', 'nginx', '1.0.0', { [SIM_ANNOTATIONS.failReconcile]: 'exceeded quota: pods=10' }));
    const annotated = await ready('HelmRelease', 'helm.toolkit.fluxcd.io/v2', 'quota');
    assert.deepEqual(
      [annotated.condition.reason, annotated.condition.message],
      ['InstallFailed', 'Helm install failed for release abm-daily/quota with chart nginx@1.0.0: exceeded quota: pods=10'],
    );
  });

  it("says ArtifactFailed while a release's source is missing, and reconciles once it appears", async () => {
    await objects.create(aHelmRelease('late', 'nginx'));
    const waiting = await ready('HelmRelease', 'helm.toolkit.fluxcd.io/v2', 'late');
    assert.deepEqual(
      [waiting.condition.reason, waiting.condition.message],
      ['ArtifactFailed', "HelmRepository 'abm-daily/late' not found"],
    );
    await objects.create(aHelmRepository('late'));
    await eventually(
      async () => (await ready('HelmRelease', 'helm.toolkit.fluxcd.io/v2', 'late')).condition.reason === 'InstallSucceeded',
      5_000,
    );
  });

  it('marks a Kustomization of a GitRepository Ready with the applied revision, and a broken- path BuildFailed', async () => {
    await objects.create({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'demo', namespace: NS },
      spec: { interval: '10m', url: 'https://git.example.com/demo.git', ref: { branch: 'main' } },
    } as FluxObject);
    const kustomization = (name: string, path: string): FluxObject => ({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name, namespace: NS },
      spec: { interval: '10m', path, prune: true, targetNamespace: NS, sourceRef: { kind: 'GitRepository', name: 'demo' } },
    });
    await objects.create(kustomization('staging', './overlays/staging'));
    await objects.create(kustomization('bad', './overlays/broken-staging'));
    const good = await ready('Kustomization', 'kustomize.toolkit.fluxcd.io/v1', 'staging');
    assert.deepEqual([good.condition.status, good.condition.reason], ['True', 'ReconciliationSucceeded']);
    assert.match(good.live.status?.lastAppliedRevision ?? '', /^main@sha1:[0-9a-f]{40}$/);
    const bad = await ready('Kustomization', 'kustomize.toolkit.fluxcd.io/v1', 'bad');
    assert.deepEqual([bad.condition.status, bad.condition.reason], ['False', 'BuildFailed']);
  });

  it('lists HelmReleases with kubectl get helmreleases and its short name', async () => {
    const kubectl = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          'kubectl',
          ['--kubeconfig', kubeconfig, '--cache-dir', join(h.dir, 'cache'), ...args],
          { timeout: 60_000 },
          (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr }),
        );
      });
    const names = await kubectl('get', 'helmreleases', '-n', NS, '-o', 'name');
    assert.equal(names.code, 0, names.stderr);
    assert.deepEqual(names.stdout.trim().split('\n').sort(), [
      'helmrelease.helm.toolkit.fluxcd.io/broken',
      'helmrelease.helm.toolkit.fluxcd.io/late',
      'helmrelease.helm.toolkit.fluxcd.io/quota',
      'helmrelease.helm.toolkit.fluxcd.io/shop',
    ]);
    const short = await kubectl('get', 'hr', 'shop', '-n', NS, '-o', 'jsonpath={.status.conditions[0].reason}');
    assert.equal(short.stdout, 'UpgradeSucceeded');
  });
});
