import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBareGitRepository, eventually, type BareGitRepository } from '@appmanager/testing';
import { adminRequest as request } from '@appmanager/testing';
import { contextFiles, microserviceBinder, startBuildTestBed, type BuildTestBed } from '../testing/build-test-bed.js';

describe('build service: killed mid-task', () => {
  let bed: BuildTestBed;
  let sources: BareGitRepository[];

  before(async () => {
    bed = await startBuildTestBed('build-crash');
    sources = await Promise.all([createBareGitRepository(contextFiles('big', 96)), createBareGitRepository(contextFiles('small'))]);
  });

  after(async () => {
    await Promise.all(sources.map((s) => s.remove()));
    await bed?.close();
  });

  it('finishes the task after a restart, and no app package with a component missing is ever visible', async () => {
    const first = await bed.startBuild();
    const components = [
      microserviceBinder('big', sources[0]!.url, { branch: 'main' }),
      microserviceBinder('small', sources[1]!.url, { branch: 'main' }),
    ];
    const { body: created } = await request(first.url).post('/v1/apps/crashy/app-package-tasks').send({ components }).expect(202);
    const big = created.componentPackageTasks.find((c: { componentName: string }) => c.componentName === 'big');
    // kill it while buildah copies the big payload
    await eventually(async () => {
      const log = await request(first.url).get(`/v1/component-package-tasks/${big.id}/logs`);
      return /STEP 5\/\d+: COPY payload\.bin/.test(log.text) ? true : undefined;
    }, 60_000);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const second = await bed.startBuild();
    const mid = await request(second.url).get('/v1/apps/crashy/app-packages').expect(200);
    assert.equal(mid.body.total, 0, 'no app package before every component is built');
    const done = await eventually(async () => {
      const { body } = await request(second.url).get(`/v1/app-package-tasks/${created.id}`).expect(200);
      const listed = await request(second.url).get('/v1/apps/crashy/app-packages').expect(200);
      // whenever an app package is listed, it holds both components
      for (const pkg of listed.body.items) assert.equal(pkg.componentPackages.length, 2);
      return body.state === 'SUCCESS' || body.state === 'FAILURE' ? body : undefined;
    }, 180_000);
    assert.equal(done.state, 'SUCCESS', done.reason ?? '');
    const rebuilt = done.componentPackageTasks.find((c: { componentName: string }) => c.componentName === 'big');
    assert.equal(rebuilt.attempt, 2, 'started again on the restarted service');
    const log = await request(second.url).get(`/v1/component-package-tasks/${big.id}/logs`).expect(200);
    assert.match(log.text, /--- attempt 2: building again from the start/);
    assert.match(log.text, /pushed .* as sha256:/);
    const { body: pkg } = await request(second.url).get(`/v1/app-packages/${done.appPackageId}`).expect(200);
    assert.deepEqual(pkg.componentPackages.map((c: { componentName: string }) => c.componentName).sort(), ['big', 'small']);
    assert.ok(pkg.componentPackages.every((c: { images: { sha256?: string }[] }) => c.images[0]?.sha256?.startsWith('sha256:')));
  });
});
