import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { setImmediate as turn } from 'node:timers/promises';
import { VirtualCluster } from '../cluster/virtual-cluster.js';
import { BUILTIN_TYPES } from '../domain/resource-types.js';
import { CronJobController } from './cronjob.controller.js';

const type = (resource: string) => BUILTIN_TYPES.find((rt) => rt.resource === resource)!;
const behaviour = {
  podReadyDelayMs: 10,
  jobRunMs: 10,
  unpullableImage: /unpullable/,
  crashLoopImage: /crashloop/,
  crashLoopBackoffMs: 10,
  fluxReconcileMs: 10,
  brokenChart: /^broken-/,
  brokenKustomizePath: /broken-/,
  terraformReconcileMs: 10,
  brokenTerraformPath: /broken-/,
};
const cronJob = (name: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name },
  spec: {
    schedule: '*/5 * * * *',
    jobTemplate: {
      spec: {
        template: {
          metadata: { labels: { cron: name } },
          spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1' }] },
        },
      },
    },
    ...extra,
  },
});

/** Lets the controllers' queue drain and any due timers fire. */
async function settle(ms = 0): Promise<void> {
  for (let i = 0; i < 5; i++) await turn();
  if (ms > 0) mock.timers.tick(ms);
  for (let i = 0; i < 20; i++) await turn();
}

describe(CronJobController.name, () => {
  let cluster: VirtualCluster;
  before(() => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: Date.parse('2026-01-01T10:02:00Z') });
    cluster = new VirtualCluster('cron', behaviour, 100);
  });
  after(() => {
    cluster.dispose();
    mock.timers.reset();
  });

  const jobsOf = (name: string) =>
    cluster.store.list('batch/jobs', 'default').filter((j) => (j.metadata as { name: string }).name.startsWith(`${name}-`));

  it('creates a Job at the next scheduled minute, owned by the CronJob, and records lastScheduleTime', async () => {
    cluster.writer.create(type('cronjobs'), 'default', cronJob('every5'), { manager: 'test' });
    await settle(2 * 60_000);
    assert.equal(jobsOf('every5').length, 0, 'nothing runs before 10:05');
    await settle(60_000 + 1);
    const jobs = jobsOf('every5');
    assert.equal(jobs.length, 1);
    assert.equal((jobs[0]!.metadata as { ownerReferences: { name: string }[] }).ownerReferences[0]!.name, 'every5');
    const cj = cluster.store.get('batch/cronjobs', 'default', 'every5')!;
    assert.equal((cj.status as { lastScheduleTime: string }).lastScheduleTime, '2026-01-01T10:05:00Z');
  });

  it('runs nothing while suspended', async () => {
    cluster.writer.create(type('cronjobs'), 'default', cronJob('paused', { suspend: true }), { manager: 'test' });
    await settle(10 * 60_000);
    assert.equal(jobsOf('paused').length, 0);
  });

  it('refuses an invalid schedule with 422', () => {
    assert.throws(() => cluster.writer.create(type('cronjobs'), 'default', cronJob('bad', { schedule: 'often' }), { manager: 'test' }), {
      code: 422,
      reason: 'Invalid',
    });
  });
});
