import assert from 'node:assert/strict';
import { rename } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import {
  createBareGitRepository,
  collectMessages,
  eventually,
  type BareGitRepository,
  type ServiceProcess,
  adminFetch,
} from '@appmanager/testing';
import { connect } from '@nats-io/transport-node';
import { writeTarGz } from '@appmanager/plugin-package';
import { adminRequest as request } from '@appmanager/testing';
import { readAppZip } from '../packages/domain/app-package-reader.js';
import { contextFiles, microserviceBinder, startBuildTestBed, type BuildTestBed } from '../testing/build-test-bed.js';

type TaskDetail = {
  id: string;
  state: string;
  version: string;
  appPackageId: string | null;
  reason: string | null;
  progress: { done: number; total: number };
  componentPackageTasks: {
    id: string;
    componentName: string;
    state: string;
    startedAt: string;
    finishedAt: string;
    reason: string | null;
  }[];
};

describe('build service: app package tasks with buildah and a real registry', () => {
  let bed: BuildTestBed;
  let build: ServiceProcess;
  const repos: BareGitRepository[] = [];

  before(async () => {
    bed = await startBuildTestBed('build-tasks');
    build = await bed.startBuild();
  });

  after(async () => {
    await Promise.all(repos.map((r) => r.remove()));
    await bed?.close();
  });

  async function repo(name: string, megabytes = 0, tag?: string): Promise<BareGitRepository> {
    const created = await createBareGitRepository(contextFiles(name, megabytes), tag ? { tag } : {});
    repos.push(created);
    return created;
  }

  async function finished(url: string, id: string): Promise<TaskDetail> {
    return eventually(async () => {
      const { body } = await request(url).get(`/v1/app-package-tasks/${id}`).expect(200);
      return body.state === 'SUCCESS' || body.state === 'FAILURE' ? (body as TaskDetail) : undefined;
    }, 180_000);
  }

  it('builds a Containerfile from a git tag, pushes it, and pins the pushed digest in the component package', async () => {
    const source = await repo('web', 0, 'v1.2.0');
    await request(build.url)
      .put('/v1/apps/shop/build-configs/K8S_MICROSERVICE/web')
      .send(microserviceBinder('web', source.url, { tag: 'v1.2.0' }))
      .expect(200);
    const created = await request(build.url)
      .post('/v1/apps/shop/app-package-tasks')
      .send({ tags: ['nightly'] })
      .expect(202);
    assert.match(created.headers['location'] ?? '', /^\/v1\/app-package-tasks\//);
    assert.match(created.body.version, /^1\.0\.0\+\d{14}\d{6}$/, "AppManager's first auto version with build metadata");
    assert.notEqual(created.body.version.slice(-6), '999999', 'six random digits, not a clamp');
    // followed while it runs: a server-sent event per line, then the outcome
    const streamed = followLog(build.url, created.body.componentPackageTasks[0].id);
    const task = await finished(build.url, created.body.id);
    assert.equal(task.state, 'SUCCESS', task.reason ?? '');
    const [component] = task.componentPackageTasks;
    const events = await streamed;
    assert.match(events, /data: \[ *[0-9.]+s\] STEP 1\/\d+: FROM scratch/);
    assert.match(events, /event: end\ndata: \{"state":"SUCCESS","reason":null\}/);
    const pkg = (await request(build.url).get(`/v1/app-packages/${task.appPackageId}`).expect(200)).body;
    assert.deepEqual(pkg.tags, ['nightly']);
    const [image] = pkg.componentPackages[0].images;
    const tag = pkg.componentPackages[0].version.replace('+', '-');
    assert.equal(image.image, `${bed.registry.host}/shop-web-web:${tag}`);
    assert.equal(image.sha256, await bed.registry.manifestDigest('shop-web-web', tag), 'the digest the registry holds');
    // the zip itself: AppManager's layout, its workload's image pinned by that digest
    const zip = await request(build.url)
      .get(`/v1/app-packages/${task.appPackageId}/download`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    assert.equal(zip.headers['x-md5'], pkg.md5);
    const content = readAppZip(new Uint8Array(zip.body as Buffer));
    assert.equal(content.meta.appId, 'shop');
    const workload = content.components[0]?.meta.spec?.workload as { spec: { containers: { image: string }[]; replicas: number } };
    assert.equal(workload.spec.containers[0]?.image, `${image.image}@${image.sha256}`);
    assert.equal(workload.spec.replicas, 2);
    // its log, kept after the task: the buildah steps and the push
    const log = await request(build.url).get(`/v1/component-package-tasks/${component?.id}/logs`).expect(200);
    assert.match(log.text, /STEP 1\/\d+: FROM scratch/);
    assert.match(log.text, /pushed .* as sha256:/);
  });

  it('builds a three-component app package in parallel, announcing every transition, and SKIPs what did not change', async () => {
    const nats = await connect({ servers: bed.nats.url });
    const events = collectMessages<{ id: string; data: { state: string; appId: string } }>(nats, 'build.evt.>');
    const components = await Promise.all(
      ['cart', 'pay', 'ship'].map(async (name) => microserviceBinder(name, (await repo(name, 24)).url, { branch: 'main' })),
    );
    const created = await request(build.url).post('/v1/apps/store/app-package-tasks').send({ components }).expect(202);
    const task = await finished(build.url, created.body.id);
    assert.equal(task.state, 'SUCCESS', task.reason ?? '');
    const started = task.componentPackageTasks.map((c) => Date.parse(c.startedAt));
    const ended = task.componentPackageTasks.map((c) => Date.parse(c.finishedAt));
    assert.ok(Math.max(...started) < Math.min(...ended), `all three ran at once: started ${started}, finished ${ended}`);
    await eventually(async () => (events.received.some((e) => e.subject === 'build.evt.app-package.created.v1') ? true : undefined));
    // a subscription sees each event once per delivery attempt of the relay: one per event id is what counts
    const states = [
      ...new Map(
        events.received
          .filter((e) => e.subject === 'build.evt.app-package-task.state-changed.v1' && e.body.data.appId === 'store')
          .map((e) => [e.body.id, e.body.data.state]),
      ).values(),
    ];
    assert.deepEqual(states, ['COM_PACK_RUN', 'APP_PACK_RUN', 'SUCCESS']);
    // the same sources again: nothing to build, the component packages are reused
    const again = await finished(
      build.url,
      (await request(build.url).post('/v1/apps/store/app-package-tasks').send({ components }).expect(202)).body.id,
    );
    assert.equal(again.state, 'SUCCESS');
    assert.deepEqual(
      again.componentPackageTasks.map((c) => c.state),
      ['SKIP', 'SKIP', 'SKIP'],
    );
    assert.notEqual(again.version, task.version, 'a new app package version holding the same component packages');
    await nats.close();
  });

  it('fails a component whose source is missing, and a retry once it is there finishes the app package', async () => {
    const source = await repo('late');
    const hidden = `${source.dir}.hidden`;
    await rename(source.dir, hidden);
    const created = await request(build.url)
      .post('/v1/apps/late/app-package-tasks')
      .send({ components: [microserviceBinder('late', source.url, { branch: 'main' })] })
      .expect(202);
    const failed = await finished(build.url, created.body.id);
    assert.equal(failed.state, 'FAILURE');
    assert.match(failed.reason ?? '', /K8S_MICROSERVICE\|late: /);
    await rename(hidden, source.dir);
    const component = failed.componentPackageTasks[0]!;
    await request(build.url).post(`/v1/component-package-tasks/${component.id}:retry`).expect(202);
    await request(build.url)
      .post(`/v1/component-package-tasks/${component.id}:retry`)
      .expect(409)
      .expect((res) => assert.match(res.body.message, /only a FAILURE task can be retried; this one is (RUNNING|SUCCESS)/));
    const done = await finished(build.url, created.body.id);
    assert.equal(done.state, 'SUCCESS', done.reason ?? '');
  });

  it('launches a deployment of each newly built package on the stages whose trigger is on, and on no other', async () => {
    const nats = await connect({ servers: bed.nats.url });
    const launches = collectMessages<{
      id: string;
      data: { appId: string; configuration: { metadata: { annotations: Record<string, string> } }; target: { stage: string } };
    }>(nats, 'deploy.cmd.deployment.launch.v1');
    const configuration =
      'apiVersion: core.oam.dev/v1alpha2\nkind: ApplicationConfiguration\nmetadata: {name: trig}\nspec:\n  components:\n  - revisionName: K8S_MICROSERVICE|trig|_\n';
    await request(build.url)
      .put('/v1/apps/trig/deploy-triggers/prod')
      .send({ enabled: true, configuration, target: { cluster: 'c1' } })
      .expect(200);
    const off = await request(build.url).put('/v1/apps/trig/deploy-triggers/dev').send({ configuration }).expect(200);
    assert.equal(off.body.enabled, false, 'off by default');
    await request(build.url).put('/v1/apps/trig/deploy-triggers/qa').send({ configuration: 'kind: Nope' }).expect(422);
    const source = await repo('trig');
    const created = await request(build.url)
      .post('/v1/apps/trig/app-package-tasks')
      .send({ components: [microserviceBinder('trig', source.url, { branch: 'main' })] })
      .expect(202);
    const task = await finished(build.url, created.body.id);
    assert.equal(task.state, 'SUCCESS', task.reason ?? '');
    const launch = await eventually(async () => launches.received.find((m) => m.body.data.appId === 'trig'));
    assert.equal(launch.body.data.target.stage, 'prod');
    assert.equal(launch.body.data.configuration.metadata.annotations['appPackageId'], task.appPackageId);
    assert.deepEqual(
      new Set(launches.received.filter((m) => m.body.data.appId === 'trig').map((m) => m.body.data.target.stage)),
      new Set(['prod']),
    );
    await nats.close();
  });

  it('builds from an uploaded context archive, and refuses an archive that would write outside it', async () => {
    const files = new Map(Object.entries(contextFiles('up')).map(([name, text]) => [name, Buffer.from(text)]));
    const upload = await request(build.url)
      .post('/v1/apps/uploads/build-contexts')
      .set('content-type', 'application/gzip')
      .send(await writeTarGz(files))
      .expect(201);
    assert.match(upload.body.context, /^sha256:[0-9a-f]{64}$/);
    const binder = {
      componentType: 'K8S_MICROSERVICE',
      componentName: 'up',
      options: { containers: [{ name: 'up', build: { context: upload.body.context, dockerfileTemplate: 'Containerfile' } }] },
    };
    const task = await finished(
      build.url,
      (
        await request(build.url)
          .post('/v1/apps/uploads/app-package-tasks')
          .send({ components: [binder] })
          .expect(202)
      ).body.id,
    );
    assert.equal(task.state, 'SUCCESS', task.reason ?? '');
    const header = Buffer.alloc(512);
    header.write('../escape.txt', 0);
    header.write('0000644\0', 100);
    header.write('00000000001\0', 124);
    header.write('0', 156);
    header.write('ustar\0', 257);
    header.write('00', 263);
    header.fill(' ', 148, 156);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    const evil = gzipSync(Buffer.concat([header, Buffer.from('x'.padEnd(512, '\0')), Buffer.alloc(1024)]));
    const refused = await request(build.url)
      .post('/v1/apps/uploads/build-contexts')
      .set('content-type', 'application/gzip')
      .send(evil)
      .expect(422);
    assert.match(refused.body.message, /not a usable build context/);
  });

  it('refuses bad requests with the reason: an explicit version that exists, options that cannot build, unknown ids', async () => {
    const source = await repo('fixed');
    const binder = microserviceBinder('fixed', source.url, { branch: 'main' });
    const first = await request(build.url)
      .post('/v1/apps/fixed/app-package-tasks')
      .send({ version: '2.0.0', components: [binder] })
      .expect(202);
    await finished(build.url, first.body.id);
    const again = await request(build.url)
      .post('/v1/apps/fixed/app-package-tasks')
      .send({ version: '2.0.0', components: [binder] })
      .expect(409);
    assert.match(again.body.message, /2\.0\.0 already exists/);
    const bad = await request(build.url)
      .post('/v1/apps/fixed/app-package-tasks')
      .send({ components: [{ componentType: 'K8S_MICROSERVICE', componentName: 'x', options: { containers: [] } }] })
      .expect(422);
    assert.match(JSON.stringify(bad.body), /options\.containers/);
    await request(build.url).get('/v1/app-package-tasks/nope').expect(404);
    await request(build.url)
      .post('/v1/apps/fixed/app-packages:import')
      .set('content-type', 'application/zip')
      .send(Buffer.from('not a zip'))
      .expect(422);
  });
});

/** The SSE stream of a task's log, read to its end. */
async function followLog(url: string, taskId: string): Promise<string> {
  const response = await adminFetch(`${url}/v1/component-package-tasks/${taskId}/logs?follow=1`);
  assert.equal(response.headers.get('content-type'), 'text/event-stream');
  return response.text();
}

function binary(res: NodeJS.ReadableStream & { setEncoding(e: string): void }, done: (e: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
