import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { BatchV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { SIM_ANNOTATIONS, startClusterSim, type ClusterSim } from '@appmanager/kube-sim';
import { eventually } from '@appmanager/testing';
import { ImageBuildError } from '../application/image-builder.js';
import { KanikoImageBuilder, type KanikoBuildRequest } from './kaniko.builder.js';

const SECRET_VALUE = 'super-secret-key-value';

describe(KanikoImageBuilder.name, () => {
  let sim: ClusterSim;
  let kubeConfig: KubeConfig;
  let builder: KanikoImageBuilder;
  const request: KanikoBuildRequest = {
    contextDir: '/unused',
    contextUrl: 's3://appmanager/components/kaniko/demo/K8S_MICROSERVICE/web/web/1.0.0.tar.gz',
    containerfile: 'Containerfile',
    buildArgs: { VERSION: '1.0.0' },
    image: 'registry.example:5000/demo/web:1.0.0',
    extraTags: ['latest'],
    insecureRegistry: true,
  };

  before(async () => {
    sim = await startClusterSim({ log: () => undefined, podReadyDelayMs: 20, jobRunMs: 50 });
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(sim.createCluster('sim-1'));
    await kubeConfig.makeApiClient(CoreV1Api).createNamespacedSecret({
      namespace: 'default',
      body: { metadata: { name: 'build-s3' }, stringData: { accessKeyId: 'minio', secretAccessKey: SECRET_VALUE } },
    });
    builder = new KanikoImageBuilder({
      kubeConfig,
      namespace: 'default',
      pollIntervalMs: 25,
      s3: { endpoint: 'http://minio.build:9000', credentialsSecret: { name: 'build-s3' } },
    });
  });
  after(() => sim.close());

  it('runs a Kaniko Job to completion and returns the digest from its termination message', async () => {
    const lines: string[] = [];
    const result = await builder.build(request, { line: (l) => void lines.push(l) }, AbortSignal.timeout(60_000));
    const expected = createHash('sha256')
      .update(['registry.example:5000/demo/web:1.0.0', 'registry.example:5000/demo/web:latest', request.contextUrl].join('\n'))
      .digest('hex');
    assert.equal(result.digest, `sha256:${expected}`);
    assert.equal(result.pinned, `registry.example:5000/demo/web@sha256:${expected}`);
    assert.ok(
      lines.some((l) => l.includes('started from image "ghcr.io/osscontainertools/kaniko')),
      lines.join('\n'),
    );

    const jobs = await kubeConfig.makeApiClient(BatchV1Api).listNamespacedJob({ namespace: 'default' });
    const job = jobs.items.find((j) => lines[0]?.endsWith(j.metadata!.name!));
    assert.ok(job, 'the finished Job is kept for its TTL');
    assert.equal(job.spec!.backoffLimit, 0);
    const container = job.spec!.template.spec!.containers[0]!;
    assert.ok(container.args!.includes('--digest-file=/dev/termination-log'));
    assert.ok(!JSON.stringify(job).includes(SECRET_VALUE), 'no literal secret in the Job');
    const secretRef = container.env!.find((e) => e.name === 'AWS_SECRET_ACCESS_KEY')!.valueFrom!.secretKeyRef!;
    assert.deepEqual([secretRef.name, secretRef.key], ['build-s3', 'secretAccessKey']);
  });

  it('fails with the Job condition and the exit code when Kaniko fails', async () => {
    const failing = new KanikoImageBuilder({
      kubeConfig,
      namespace: 'default',
      pollIntervalMs: 25,
      podAnnotations: { [SIM_ANNOTATIONS.exitCode]: '1' },
    });
    await assert.rejects(failing.build(request, { line: () => undefined }, AbortSignal.timeout(60_000)), (error: unknown) => {
      assert.ok(error instanceof ImageBuildError);
      assert.match(error.reason, /^kaniko job kaniko-\w+ failed: BackoffLimitExceeded .*kaniko exited with code 1$/);
      return true;
    });
  });

  it('deletes its Job and rejects when the build is aborted', async () => {
    const slow = new KanikoImageBuilder({ kubeConfig, namespace: 'default', pollIntervalMs: 25 });
    const controller = new AbortController();
    let jobName = '';
    const log = {
      line: (l: string) => {
        if (!l.startsWith('submitted Job')) return;
        jobName = l.split('/').at(-1)!;
        controller.abort(new Error('cancelled by user'));
      },
    };
    await assert.rejects(slow.build(request, log, controller.signal), /build aborted during kaniko job .*: cancelled by user/);
    const batch = kubeConfig.makeApiClient(BatchV1Api);
    await eventually(async () => {
      const jobs = await batch.listNamespacedJob({ namespace: 'default' });
      assert.ok(!jobs.items.some((j) => j.metadata!.name === jobName));
      return true;
    });
  });
});
