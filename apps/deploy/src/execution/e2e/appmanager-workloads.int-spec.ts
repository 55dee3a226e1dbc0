import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminRequest as request } from '@appmanager/testing';
import { graphOf, launch, nextDeploymentState } from '../../testing/deploy-harness.js';
import { startDeployTestBed, type DeployTestBed } from '../../testing/deploy-test-bed.js';

/**
 * Components written with AppManager's type and trait names and workloads, resolved by the aliases the
 * built-in manifests declare (no table in deploy), deployed onto cluster-sim, which plays Flux.
 */
function anUploadApp(name: string, chart: string) {
  return {
    apiVersion: 'appmanager.io/v1',
    kind: 'Application',
    metadata: { name },
    spec: {
      target: { cluster: 'sim-1', namespace: 'shop', stage: 'dev' },
      components: [
        {
          name: 'filemanage',
          type: 'K8S_MICROSERVICE',
          properties: {
            apiVersion: 'apps.abm.io/v1',
            kind: 'Microservice',
            metadata: { name: 'PLACEHOLDER_NAME', namespace: 'PLACEHOLDER_NAMESPACE_ID' },
            spec: {
              kind: 'Deployment',
              replicas: 1,
              name: '',
              containers: [{ name: 'filemanage', image: 'sreworks/upload-filemanage:1' }],
              initContainers: [{ name: 'db-migration', image: 'sreworks/upload-db-migration:1' }],
              env: { DB_NAME: 'sreworks_meta', DB_PORT: 3306 },
            },
          },
          traits: [
            { type: 'timezoneSync.trait.abm.io', runtime: 'pre', properties: { timezone: 'Asia/Shanghai' } },
            { type: 'service.trait.abm.io', runtime: 'post', properties: { ports: [{ protocol: 'TCP', port: 80, targetPort: 7001 }] } },
            {
              type: 'gateway.trait.abm.io',
              runtime: 'post',
              properties: { path: '/sreworks/other/**', serviceName: `dev-${name}-filemanage.shop`, authEnabled: false },
            },
          ],
        },
        {
          name: 'chart',
          type: 'ABM_HELM',
          properties: {
            spec: { chart, version: '0.0.1', repoUrl: 'https://charts.example.com', name: `${name}-helm-e2e`, values: { replicaCount: 2 } },
          },
        },
      ],
    },
  };
}

describe('deploying AppManager-named components and workloads onto cluster-sim', () => {
  let bed: DeployTestBed;

  before(async () => {
    bed = await startDeployTestBed({
      label: 'deploy-abm',
      podReadyDelayMs: 100,
      env: { DEPLOY_CLAIM_INTERVAL_MS: '200', DEPLOY_READY_TIMEOUT_MS: '20000' },
    });
  });
  after(() => bed?.close());

  const kube = (path: string) =>
    request(bed.sim.serverOf('sim-1'))
      .get(path)
      .set('Authorization', `Bearer ${bed.sim.registry.tokenOf('sim-1')}`)
      .ca(bed.sim.caPem ?? '')
      .expect(200);

  it('deploys a K8S_MICROSERVICE workload with SREWorks traits and an ABM_HELM chart, ready when Flux says so', async () => {
    const succeeded = nextDeploymentState(bed.client, { to: 'SUCCESS', appId: 'upload' });
    const id = await launch(bed.service.url, 'upload', anUploadApp('upload', 'helm-demo-chart'));
    assert.equal((await succeeded).body.data.deploymentId, id);

    const deployment = (await kube('/apis/apps/v1/namespaces/shop/deployments/dev-upload-filemanage')).body;
    const podSpec = deployment.spec.template.spec;
    assert.deepEqual(podSpec.containers[0].env, [
      { name: 'DB_NAME', value: 'sreworks_meta' },
      { name: 'DB_PORT', value: '3306' },
      { name: 'TZ', value: 'Asia/Shanghai' },
    ]);
    assert.equal(podSpec.initContainers[0].name, 'db-migration');
    assert.equal(podSpec.volumes[0].hostPath.path, '/etc/localtime');
    const service = (await kube('/api/v1/namespaces/shop/services/dev-upload-filemanage')).body;
    assert.deepEqual(
      service.spec.ports.map((p: { port: number; targetPort: number }) => [p.port, p.targetPort]),
      [[80, 7001]],
    );
    const ingress = (await kube('/apis/networking.k8s.io/v1/namespaces/shop/ingresses/dev-upload-filemanage')).body;
    assert.deepEqual(ingress.spec.rules[0].http.paths[0], {
      path: '/sreworks/other',
      pathType: 'Prefix',
      backend: { service: { name: 'dev-upload-filemanage', port: { number: 80 } } },
    });
    const release = (await kube('/apis/helm.toolkit.fluxcd.io/v2/namespaces/shop/helmreleases/dev-upload-chart')).body;
    assert.deepEqual(
      [release.spec.releaseName, release.status.conditions[0].reason, release.status.lastAttemptedRevision],
      ['upload-helm-e2e', 'InstallSucceeded', '0.0.1'],
    );
  });

  it("waits for an operator with Flux's message when the chart fails to install", async () => {
    const waiting = nextDeploymentState(bed.client, { to: 'WAIT_FOR_OP', appId: 'upload-broken' });
    const id = await launch(bed.service.url, 'upload-broken', anUploadApp('upload-broken', 'broken-chart'));
    assert.match(
      (await waiting).body.data.reason ?? '',
      /chart: InstallFailed: Helm install failed for release shop\/upload-broken-helm-e2e with chart broken-chart@0\.0\.1/,
    );
    const chart = (await graphOf(bed.service.url, id)).nodes.find((n) => n.id === 'ABM_HELM|chart');
    assert.equal(chart?.state, 'WAIT_FOR_OP');
  });
});
