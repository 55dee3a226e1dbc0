import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { VirtualCluster } from '../cluster/virtual-cluster.js';
import { BUILTIN_TYPES } from '../domain/resource-types.js';
import type { JsonObject } from '../domain/json-value.js';
import { keyOf, TYPES } from './controller-context.js';
import { kanikoTermination } from './kaniko.sim.js';

const jobs = BUILTIN_TYPES.find((rt) => rt.resource === 'jobs')!;
const behaviour = {
  podReadyDelayMs: 5,
  jobRunMs: 5,
  unpullableImage: /unpullable/,
  crashLoopImage: /crashloop/,
  crashLoopBackoffMs: 10,
  fluxReconcileMs: 10,
  brokenChart: /^broken-/,
  brokenKustomizePath: /broken-/,
  terraformReconcileMs: 10,
  brokenTerraformPath: /broken-/,
};
const kanikoJob = (name: string, image: string) => ({
  metadata: { name },
  spec: {
    backoffLimit: 0,
    template: {
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'kaniko', image, args: ['--context=s3://b/ctx.tar.gz', '--destination=r/x:1', '--destination=r/x:latest'] }],
      },
    },
  },
});

describe('simulated Kaniko', () => {
  let cluster: VirtualCluster;
  before(() => (cluster = new VirtualCluster('kaniko', behaviour, 100)));
  after(() => cluster.dispose());

  async function finishedStatus(name: string): Promise<JsonObject> {
    for (let i = 0; i < 200; i++) {
      const pod = cluster.store.list(keyOf(TYPES.pod), 'default').find((p) => (p.metadata as { name: string }).name.startsWith(`${name}-`));
      const st = pod?.status as { phase?: string; containerStatuses?: JsonObject[] } | undefined;
      if (st?.phase === 'Succeeded') return st.containerStatuses![0]!.state as JsonObject;
      await sleep(10);
    }
    throw new Error(`pod of job ${name} never succeeded`);
  }

  it('finishes a Kaniko pod with the digest of its destinations and context as termination message', async () => {
    cluster.writer.create(jobs, 'default', kanikoJob('build', 'ghcr.io/osscontainertools/kaniko:v1.25.0'), { manager: 'test' });
    const state = await finishedStatus('build');
    const expected = createHash('sha256').update('r/x:1\nr/x:latest\ns3://b/ctx.tar.gz').digest('hex');
    assert.deepEqual((state.terminated as JsonObject).message, `sha256:${expected}`);
  });

  it('leaves other images without a termination message', async () => {
    cluster.writer.create(jobs, 'default', kanikoJob('other', 'busybox:1'), { manager: 'test' });
    const state = await finishedStatus('other');
    assert.equal((state.terminated as JsonObject).message, undefined);
    assert.equal(kanikoTermination({ image: 'kaniko', args: ['--no-push'] }), undefined);
  });
});
