import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createBareGitRepository,
  registerCluster,
  simulatedClusterAccess,
  sreworksCorpusDir,
  type BareGitRepository,
} from '@appmanager/testing';
import { adminRequest as request } from '@appmanager/testing';
import { zipAppManagerBuildDir } from './packages/outbound/appmanager-build-dir.js';
import { contextFiles, microserviceBinder } from './testing/build-test-bed.js';
import { startPlatformTestBed, type PlatformTestBed } from './testing/platform-test-bed.js';

const corpus = sreworksCorpusDir();

async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    const value = await check();
    if (value !== undefined) return value;
  }
  throw new Error(`not within ${timeoutMs} ms`);
}

type Workload = { metadata: { name: string; labels?: Record<string, string> }; spec: Record<string, unknown> };

describe('build → package → deploy, end to end (build, deploy, add-on service, cluster-sim, kubectl)', () => {
  let bed: PlatformTestBed;
  let source: BareGitRepository;

  before(async () => {
    bed = await startPlatformTestBed('packages-e2e');
    source = await createBareGitRepository(contextFiles('web'), { tag: 'v1' });
  });

  after(async () => {
    await source?.remove();
    await bed?.close();
  });

  it('deploys a package it built: the Deployment runs the image pinned by the digest the registry holds', async () => {
    await request(bed.build.url)
      .put('/v1/apps/shop/build-configs/K8S_MICROSERVICE/web')
      .send(microserviceBinder('web', source.url, { tag: 'v1' }))
      .expect(200);
    const { body: task } = await request(bed.build.url).post('/v1/apps/shop/app-package-tasks').send({}).expect(202);
    let pkgId: string | null = null;
    for (const deadline = Date.now() + 120_000; !pkgId && Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      const { body } = await request(bed.build.url).get(`/v1/app-package-tasks/${task.id}`).expect(200);
      assert.notEqual(body.state, 'FAILURE', body.reason);
      pkgId = body.appPackageId;
    }
    const { body: pkg } = await request(bed.build.url).get(`/v1/app-packages/${pkgId}`).expect(200);
    const digest = pkg.componentPackages[0].images[0].sha256 as string;
    // AppManager's own way: the component names only TYPE|NAME|_, the workload comes from the package
    const configuration = [
      'apiVersion: core.oam.dev/v1alpha2',
      'kind: ApplicationConfiguration',
      'metadata:',
      '  name: shop',
      `  annotations: {appId: shop, appPackageId: "${pkgId}"}`,
      'spec:',
      '  components:',
      '  - revisionName: K8S_MICROSERVICE|web|_',
      '    parameterValues:',
      '    - {name: REPLICAS, value: 3, toFieldPaths: [spec.replicas]}',
      '    - {name: Global.GREETING, value: hello-from-launch}',
    ].join('\n');
    const deployment = await bed.deployAndWait({
      appId: 'shop',
      configuration,
      target: { cluster: 'eu-1', namespace: 'shop', stage: 'dev' },
    });
    assert.equal(deployment.state, 'SUCCESS', deployment.reason);
    const listed = JSON.parse(await bed.kubectl(['get', 'deployments', '-n', 'shop', '-o', 'json'])) as { items: Workload[] };
    const web = listed.items.find((d) => d.metadata.name.endsWith('shop-web'));
    assert.ok(web, `a Deployment for web among ${listed.items.map((d) => d.metadata.name)}`);
    const pod = (web.spec['template'] as { spec: { containers: { image: string; env: { name: string; value: string }[] }[] } }).spec;
    assert.equal(
      pod.containers[0]?.image,
      `${bed.registry.host}/shop-web-web:${pkg.componentPackages[0].version.replace('+', '-')}@${digest}`,
    );
    assert.equal(web.spec['replicas'], 3, 'toFieldPaths spec.replicas into the packaged workload');
    assert.deepEqual(pod.containers[0]?.env.find((e) => e.name === 'GREETING')?.value, 'hello-from-launch');
    // the package's own launch file (AppManager's launch-yaml) deploys it as well, unchanged
    const launchYaml = await request(bed.build.url).get(`/v1/app-packages/${pkgId}/launch-yaml`).expect(200);
    assert.match(launchYaml.text, /revisionName: K8S_MICROSERVICE\|web\|_/);
    const again = await bed.deployAndWait({
      appId: 'shop',
      configuration: launchYaml.text,
      target: { cluster: 'eu-1', namespace: 'shop', stage: 'dev' },
    });
    assert.equal(again.state, 'SUCCESS', again.reason);
  });

  it(
    "deploys AppManager's own e2e_workflow_microservice fixture unchanged against a package built here: two stages, a suspend between",
    { skip: corpus ? false : 'the SREWorks corpus is not on this machine; set SREWORKS_CONFORMANCE_DIR' },
    async () => {
      const fixture = join(corpus as string, 'application-configurations', 'server--e2e_workflow_microservice.yaml');
      assert.ok(existsSync(fixture), `${fixture} is in the corpus`);
      // its environment: cluster master, namespace default, stages dev and stage
      bed.sim.createCluster('master');
      const access = simulatedClusterAccess(bed.sim, 'master', 'eu');
      await registerCluster(bed.deploy.url, access, { name: 'default', stages: ['dev', 'stage'] });
      // testapp's package, built from git: a microservice and a job
      const job = microserviceBinder('job', source.url, { tag: 'v1' });
      const { body: task } = await request(bed.build.url)
        .post('/v1/apps/testapp/app-package-tasks')
        .send({ components: [microserviceBinder('server', source.url, { tag: 'v1' }), { ...job, componentType: 'K8S_JOB' }] })
        .expect(202);
      const built = await waitFor(async () => {
        const { body } = await request(bed.build.url).get(`/v1/app-package-tasks/${task.id}`).expect(200);
        assert.notEqual(body.state, 'FAILURE', body.reason);
        return body.appPackageId ?? undefined;
      });
      const configuration = readFileSync(fixture, 'utf8').replace('PLACEHOLDER_APP_PACKAGE_ID', built);
      const { body: launched } = await request(bed.deploy.url)
        .post('/v1/deployments')
        // AppManager's default target when a file names none (its topology policies place each step): master/default
        .send({ appId: 'testapp', configuration, target: { cluster: 'master', namespace: 'default', stage: 'dev' } })
        .expect((res) => assert.equal(res.status, 202, JSON.stringify(res.body)));
      const stateOf = async () =>
        (await request(bed.deploy.url).get(`/v1/deployments/${launched.id}`).expect(200)).body as { state: string; reason?: string };
      await waitFor(async () => ((await stateOf()).state === 'SUSPENDED' ? true : undefined));
      const onDev = JSON.parse(await bed.kubectlOn('master', ['get', 'deployments,jobs', '-n', 'default', '-o', 'json'])) as {
        items: Workload[];
      };
      assert.deepEqual(
        onDev.items.map((o) => o.metadata.name).sort(),
        ['dev-testapp-job', 'dev-testapp-server'],
        'only the dev stage before the approval',
      );
      await request(bed.deploy.url)
        .post(`/v1/deployments/${launched.id}/resume`)
        .expect((res) => assert.ok(res.status < 300, JSON.stringify(res.body)));
      const done = await waitFor(async () => {
        const view = await stateOf();
        return ['SUCCESS', 'FAILURE'].includes(view.state) ? view : undefined;
      });
      assert.equal(done.state, 'SUCCESS', done.reason);
      const both = JSON.parse(await bed.kubectlOn('master', ['get', 'deployments', '-n', 'default', '-o', 'json'])) as {
        items: Workload[];
      };
      const images = both.items.map((d) => (d.spec['template'] as { spec: { containers: { image: string }[] } }).spec.containers[0]?.image);
      assert.equal(both.items.length, 2, 'dev and stage');
      for (const image of images) assert.match(image ?? '', /\/testapp-server-server:.+@sha256:[0-9a-f]{64}$/);
    },
  );

  for (const app of ['search', 'upload'] as const)
    it(
      `imports SREWorks' ${app} app package zipped as AppManager does and deploys its launch-example.yaml unchanged`,
      { skip: corpus ? false : 'the SREWorks corpus is not on this machine; set SREWORKS_CONFORMANCE_DIR' },
      async () => {
        const dir = join(corpus as string, 'app-packages', app);
        const zip = await zipAppManagerBuildDir(dir);
        const imported = await request(bed.build.url)
          .post(`/v1/apps/${app}/app-packages:import`)
          .set('content-type', 'application/zip')
          .send(Buffer.from(zip))
          .expect(201);
        assert.equal(imported.body.componentPackages.length, 5);
        const configuration = readFileSync(join(dir, 'launch-example.yaml'), 'utf8');
        const deployment = await bed.deployAndWait({
          appId: app,
          configuration,
          target: { cluster: 'eu-1', namespace: 'shop', stage: 'dev' },
        });
        assert.equal(deployment.state, 'SUCCESS', deployment.reason);
        const component = app === 'search' ? 'tkgone' : 'filemanage';
        const kind = app === 'search' ? 'statefulsets' : 'deployments';
        const workload = JSON.parse(await bed.kubectl(['get', kind, `dev-${app}-${component}`, '-n', 'shop', '-o', 'json'])) as Workload;
        const pod = (
          workload.spec['template'] as {
            spec: { initContainers?: { name: string }[]; containers: { image: string; env: { name: string; value: string }[] }[] };
          }
        ).spec;
        assert.deepEqual(
          pod.initContainers?.map((c) => c.name),
          ['db-migration'],
        );
        const env = Object.fromEntries(pod.containers[0]?.env.map((e) => [e.name, e.value]) ?? []);
        assert.equal(env['DB_HOST'], 'mysql.sreworks.svc', 'from the system-env add-on (dataOutputs Global.DB_HOST)');
        if (app === 'search')
          assert.equal(env['ELASTICSEARCH_HOST'], 'prod-dataops-elasticsearch-master.sreworks-dataops', 'Global.* from parameterValues');
        const service = JSON.parse(
          await bed.kubectl(['get', 'service', `dev-${app}-${component}`, '-n', 'shop', '-o', 'json']),
        ) as Workload;
        assert.deepEqual(
          (service.spec['ports'] as { port: number; targetPort: number }[]).map((p) => [p.port, p.targetPort]),
          [[80, 7001]],
        );
        // the internal add-ons: their content on the cluster, labelled for the app, nothing skipped
        const configMaps = JSON.parse(
          await bed.kubectl(['get', 'configmaps', '-n', 'shop', '-l', `app.kubernetes.io/part-of=${app}`, '-o', 'json']),
        ) as {
          items: Workload[];
        };
        const kept = configMaps.items.map((c) => c.metadata.labels?.['appmanager.io/internal-addon']).sort();
        assert.deepEqual(kept, ['appmeta', 'developmentmeta', 'productopsv2']);
      },
    );
});
