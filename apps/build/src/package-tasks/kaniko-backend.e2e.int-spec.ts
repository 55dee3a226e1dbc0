import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { createBareGitRepository, eventually, type BareGitRepository } from '@appmanager/testing';
import { adminRequest as request } from '@appmanager/testing';
import { contextFiles, microserviceBinder } from '../testing/build-test-bed.js';
import { startPlatformTestBed, type PlatformTestBed } from '../testing/platform-test-bed.js';

describe('build service with BUILD_BACKEND=kaniko: Kaniko Jobs on a cluster (cluster-sim plays the executor)', () => {
  let bed: PlatformTestBed;
  let source: BareGitRepository;

  before(async () => {
    bed = await startPlatformTestBed('build-kaniko', {
      buildEnv: { BUILD_BACKEND: 'kaniko', BUILD_KANIKO_CLUSTER: 'eu-1', BUILD_KANIKO_NAMESPACE: 'builds' },
    });
    source = await createBareGitRepository(contextFiles('api'));
    // what an operator sets up once on the build cluster: the namespace and the Secret with the store's keys
    const kc = new KubeConfig();
    kc.loadFromString(bed.sim.kubeconfig('eu-1'));
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'builds' } } });
    await core.createNamespacedSecret({
      namespace: 'builds',
      body: { metadata: { name: 'appmanager-build-s3' }, stringData: { accessKeyId: bed.s3.accessKey, secretAccessKey: bed.s3.secretKey } },
    });
  });

  after(async () => {
    await source?.remove();
    await bed?.close();
  });

  it('uploads the context, runs a Job with no secret in its spec, and pins the digest the executor reported', async () => {
    const { body: created } = await request(bed.build.url)
      .post('/v1/apps/orders/app-package-tasks')
      .send({ components: [microserviceBinder('api', source.url, { branch: 'main' })] })
      .expect(202);
    const task = await eventually(async () => {
      const { body } = await request(bed.build.url).get(`/v1/app-package-tasks/${created.id}`).expect(200);
      return body.state === 'SUCCESS' || body.state === 'FAILURE' ? body : undefined;
    }, 120_000);
    assert.equal(task.state, 'SUCCESS', task.reason ?? '');
    const { body: pkg } = await request(bed.build.url).get(`/v1/app-packages/${task.appPackageId}`).expect(200);
    const [image] = pkg.componentPackages[0].images;
    const jobs = JSON.parse(await bed.kubectl(['get', 'jobs', '-n', 'builds', '-o', 'json'])) as {
      items: { spec: { template: { spec: { containers: { image: string; args: string[] }[] } } } }[];
    };
    assert.equal(jobs.items.length, 1);
    const container = jobs.items[0]!.spec.template.spec.containers[0]!;
    assert.match(container.image, /kaniko/);
    const context = container.args.find((a) => a.startsWith('--context='));
    assert.match(context ?? '', /^--context=s3:\/\/appmanager\/components\/kaniko\/orders-api-api\/.+\.tar\.gz$/);
    assert.ok(container.args.includes(`--destination=${image.image}`));
    assert.ok(!JSON.stringify(jobs).includes(bed.s3.secretKey), 'the S3 secret key is referenced, never written into the Job');
    // what cluster-sim's executor reports: sha256 over the destinations and the context
    const expected = `sha256:${createHash('sha256')
      .update([image.image, context!.slice('--context='.length)].join('\n'))
      .digest('hex')}`;
    assert.equal(image.sha256, expected);
    const log = await request(bed.build.url).get(`/v1/component-package-tasks/${task.componentPackageTasks[0].id}/logs`).expect(200);
    assert.match(log.text, /context uploaded to s3:\/\/appmanager\/components\/kaniko\//);
    assert.match(log.text, /submitted Job builds\/kaniko-/);
  });
});
