import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminRequest as request } from '@appmanager/testing';
import { graphOf, launch, nextDeploymentState } from '../testing/deploy-harness.js';
import { startDeployTestBed, type DeployTestBed } from '../testing/deploy-test-bed.js';
import { kubectlJson } from '../testing/kubectl.js';

/**
 * A three-tier application written as AppManager's users write it: YAML, revision names, each component's
 * workload as its component package holds it (an apps.abm.io/v1 Microservice), `toFieldPaths: [spec.*]` into that
 * workload, `{{ Global.X }}` templates, a dataOutput read from the workload, SREWorks trait names, and a workflow
 * that deploys the database alone, waits for approval, then deploys the rest.
 */
const shopConfiguration = `
apiVersion: core.oam.dev/v1alpha2
kind: ApplicationConfiguration
metadata:
  name: shop
  annotations:
    appId: shop
    clusterId: sim-1
    namespaceId: shop
    stageId: dev
spec:
  parameterValues:
    - name: DB_NAME
      value: orders
  components:
    - revisionName: K8S_MICROSERVICE|db|_
      workload:
        apiVersion: apps.abm.io/v1
        kind: Microservice
        metadata: { name: PLACEHOLDER_NAME, namespace: PLACEHOLDER_NAMESPACE_ID }
        spec:
          kind: Deployment
          replicas: 1
          containers:
            - name: db
              image: postgres:16
          env:
            POSTGRES_DB: '{{ Global.DB_NAME }}'
            SERVICE_HOST: '{{ Global.STAGE_ID }}-shop-db.{{ Global.NAMESPACE_ID }}'
      dataOutputs:
        - name: Global.DB_HOST
          fieldPath: '{{ spec.env.SERVICE_HOST }}'
      traits:
        - name: service.trait.abm.io
          runtime: post
          spec:
            ports:
              - { protocol: TCP, port: 5432, targetPort: 5432 }
    - revisionName: K8S_MICROSERVICE|backend|_
      dependencies:
        - component: K8S_MICROSERVICE|db
      workload:
        apiVersion: apps.abm.io/v1
        kind: Microservice
        spec:
          kind: Deployment
          replicas: 1
          initContainers:
            - name: migrate
              image: shop/backend-migrate:1.0
          containers:
            - name: backend
              image: shop/backend:1.0
          env:
            DB_HOST: '{{ Global.DB_HOST }}'
            DB_NAME: '{{ Global.DB_NAME }}'
      parameterValues:
        - name: REPLICAS
          value: 2
          toFieldPaths:
            - spec.replicas
        - name: Global.LOG_LEVEL
          value: debug
        - name: LOG
          value: '{{ Global.LOG_LEVEL }}'
          toFieldPaths:
            - spec.env.LOG_LEVEL
      traits:
        - name: service.trait.abm.io
          runtime: post
          spec:
            ports:
              - { protocol: TCP, port: 80, targetPort: 8080 }
    - revisionName: K8S_MICROSERVICE|frontend|_
      dependencies:
        - component: K8S_MICROSERVICE|backend
      workload:
        apiVersion: apps.abm.io/v1
        kind: Microservice
        spec:
          kind: Deployment
          replicas: 1
          containers:
            - name: frontend
              image: shop/frontend:1.0
          env:
            BACKEND: '{{ Global.STAGE_ID }}-shop-backend.{{ Global.NAMESPACE_ID }}'
      traits:
        - name: service.trait.abm.io
          runtime: post
          spec:
            ports:
              - { protocol: TCP, port: 80, targetPort: 80 }
        - name: gateway.trait.abm.io
          runtime: post
          spec:
            path: /shop/**
            serviceName: '{{ Global.STAGE_ID }}-shop-frontend.{{ Global.NAMESPACE_ID }}'
  workflow:
    steps:
      - type: apply-components
        name: database-first
        properties:
          components:
            - type: K8S_MICROSERVICE
              name: db
      - type: suspend
        name: approve
      - type: deploy
        name: everything
`;

type Container = { name: string; image: string; env?: { name: string; value: string }[] };
type DeploymentObject = {
  metadata: { name: string };
  spec: { replicas: number; template: { spec: { containers: Container[]; initContainers?: Container[] } } };
};

/**
 * SREWorks' e2e_workflow_helm fixture as its package would complete it: the ABM_HELM workload inline (the chart its
 * package names), its topology and override policies, its apply-components step. Only the override's dataInput
 * `Global.KUBECONFIG` is left out: AppManager fed it the target cluster's kubeconfig, which deploy has already.
 */
const helmConfiguration = `
apiVersion: core.oam.dev/v1alpha2
kind: ApplicationConfiguration
metadata:
  annotations:
    appId: testapp
    appInstanceName: "test-app-instance"
  name: deploy-workflow
spec:
  components:
    - revisionName: ABM_HELM|helm-demo-chart@0.0.1@test|_
      workload:
        apiVersion: apps.abm.io/v1
        kind: Helm
        spec:
          chart: helm-demo-chart
          version: 0.0.1
          repoUrl: https://charts.example.com/test
  policies:
    - name: topology-e2e-env
      type: topology
      properties:
        namespace: "abm-daily"
    - type: override
      name: override-e2e-env
      properties:
        components:
          - revisionName: ABM_HELM|helm-demo-chart@0.0.1@test|_
            parameterValues:
              - name: name
                value: "appmanager-helm-e2e"
                toFieldPaths:
                  - spec.name
              - name: values
                value:
                  resources:
                    limits:
                      cpu: "1"
                      memory: "2Gi"
                  image:
                    repository: "reg.docker.alibaba-inc.com/abm-aone/nginx"
                    tag: "latest"
                toFieldPaths:
                  - spec.values
  workflow:
    steps:
      - type: apply-components
        name: deploy-env-e2e-1
        properties:
          components:
            - type: ABM_HELM
              name: helm-demo-chart@0.0.1@test
          policies:
            - "topology-e2e-env"
            - "override-e2e-env"
`;

describe("AppManager's own ApplicationConfiguration form", () => {
  let bed: DeployTestBed;

  before(async () => {
    bed = await startDeployTestBed({ label: 'deploy-appmanager-form', podReadyDelayMs: 100 });
  });

  after(() => bed?.close());

  it("deploys an ABM_HELM chart through Flux onto the namespace its topology policy names, with the override's values, and succeeds once Flux says Ready", async () => {
    await request(bed.service.url)
      .post('/v1/namespaces')
      .send({ id: 'abm-daily-sim-1', clusterId: 'sim-1', name: 'abm-daily' })
      .expect(201);
    await request(bed.service.url)
      .post('/v1/stages')
      .send({ id: 'dev-abm-daily-sim-1', namespaceId: 'abm-daily-sim-1', name: 'dev' })
      .expect(201);
    const succeeded = nextDeploymentState(bed.client, { to: 'SUCCESS', appId: 'testapp' });
    const id = await launch(bed.service.url, 'testapp', helmConfiguration, { cluster: 'sim-1', namespace: 'shop', stage: 'dev' });
    await succeeded.catch(async (error: unknown) => {
      throw new Error(`${(error as Error).message}: ${JSON.stringify((await graphOf(bed.service.url, id)).nodes)}`);
    });
    type HelmRelease = {
      metadata: { name: string };
      spec: { releaseName?: string; chart: { spec: { chart: string; version: string } }; values: Record<string, unknown> };
      status: { conditions: { type: string; status: string; reason: string }[] };
    };
    const releases = (await kubectlJson<{ items: HelmRelease[] }>(bed.sim, 'sim-1', ['get', 'helmreleases', '-n', 'abm-daily'])).items;
    assert.equal(releases.length, 1, 'the topology policy moved it to abm-daily');
    const [release] = releases as [HelmRelease];
    assert.deepEqual([release.spec.chart.spec.chart, release.spec.chart.spec.version], ['helm-demo-chart', '0.0.1']);
    assert.equal(release.spec.releaseName, 'appmanager-helm-e2e', 'override wrote spec.name');
    assert.deepEqual(release.spec.values['image'], { repository: 'reg.docker.alibaba-inc.com/abm-aone/nginx', tag: 'latest' });
    assert.deepEqual(
      release.status.conditions.filter((c) => c.type === 'Ready').map((c) => [c.status, c.reason]),
      [['True', 'InstallSucceeded']],
    );
  });

  const deployments = async () =>
    (
      await kubectlJson<{ items: DeploymentObject[] }>(bed.sim, 'sim-1', [
        'get',
        'deployments',
        '-n',
        'shop',
        '-l',
        'appmanager.io/app=shop',
      ])
    ).items;
  const envOf = (container: Container | undefined) => Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value]));

  it('deploys the three tiers in the steps its workflow names, with the values its author meant, checked with kubectl', async () => {
    const suspended = nextDeploymentState(bed.client, { to: 'SUSPENDED', appId: 'shop' });
    const id = await launch(bed.service.url, 'shop', shopConfiguration);
    await suspended;
    assert.deepEqual(
      (await deployments()).map((d) => d.metadata.name),
      ['dev-shop-db'],
      'apply-components deployed the database alone before the approval',
    );

    const succeeded = nextDeploymentState(bed.client, { to: 'SUCCESS', deploymentId: id });
    await request(bed.service.url).post(`/v1/deployments/${id}/resume`).expect(202);
    await succeeded;
    const byName = new Map((await deployments()).map((d) => [d.metadata.name, d]));
    assert.deepEqual([...byName.keys()].sort(), ['dev-shop-backend', 'dev-shop-db', 'dev-shop-frontend']);

    const db = byName.get('dev-shop-db') as DeploymentObject;
    assert.equal(
      envOf(db.spec.template.spec.containers[0])['POSTGRES_DB'],
      'orders',
      "{{ Global.DB_NAME }} from the application's parameterValues",
    );

    const backend = byName.get('dev-shop-backend') as DeploymentObject;
    assert.equal(backend.spec.replicas, 2, 'toFieldPaths [spec.replicas] wrote the Microservice, which the plug-in rendered');
    assert.deepEqual(
      backend.spec.template.spec.initContainers?.map((c) => [c.name, c.image]),
      [['migrate', 'shop/backend-migrate:1.0']],
    );
    const backendEnv = envOf(backend.spec.template.spec.containers[0]);
    assert.equal(backendEnv['DB_HOST'], 'dev-shop-db.shop', "the db's dataOutput {{ spec.env.SERVICE_HOST }} became Global.DB_HOST");
    assert.equal(backendEnv['DB_NAME'], 'orders');
    assert.equal(backendEnv['LOG_LEVEL'], 'debug', 'a component parameter rendered from another one');

    const frontend = byName.get('dev-shop-frontend') as DeploymentObject;
    assert.equal(envOf(frontend.spec.template.spec.containers[0])['BACKEND'], 'dev-shop-backend.shop');

    const services = (
      await kubectlJson<{ items: { metadata: { name: string }; spec: { ports: { port: number; targetPort: number }[] } }[] }>(
        bed.sim,
        'sim-1',
        ['get', 'services', '-n', 'shop'],
      )
    ).items;
    const backendService = services.find((s) => s.metadata.name === 'dev-shop-backend');
    assert.deepEqual(
      backendService?.spec.ports.map((p) => [p.port, p.targetPort]),
      [[80, 8080]],
      'service.trait.abm.io is the built-in service trait',
    );
    const ingresses = (
      await kubectlJson<{
        items: { spec: { rules: { http: { paths: { path: string; pathType: string; backend: { service: { name: string } } }[] } }[] } }[];
      }>(bed.sim, 'sim-1', ['get', 'ingresses', '-n', 'shop'])
    ).items;
    const route = ingresses.flatMap((i) => i.spec.rules.flatMap((r) => r.http.paths));
    assert.deepEqual(
      route.map((p) => [p.path, p.pathType, p.backend.service.name]),
      [['/shop', 'Prefix', 'dev-shop-frontend']],
      'gateway.trait.abm.io routes /shop/** to the frontend',
    );

    const graph = await graphOf(bed.service.url, id);
    const firstStep = graph.history.filter((h) => h.subject.endsWith('@database-first') && h.to === 'SUCCESS').map((h) => h.subject);
    assert.deepEqual(firstStep, [
      'node:K8S_MICROSERVICE|db@database-first',
      'node:K8S_MICROSERVICE|db#service.trait.abm.io@database-first',
    ]);
  });
});
