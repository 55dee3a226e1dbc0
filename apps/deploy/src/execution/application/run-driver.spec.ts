import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { type ApplicationModel } from '../../applications/domain/application.model.js';
import { parseApplication } from '../../applications/domain/parse-application.js';
import { aComponent, anApplication } from '../../applications/testing/application.builder.js';
import { type ValidateApplicationUseCase } from '../../plan/application/validate-application.use-case.js';
import { type WorkflowEffect, type WorkflowEvent } from '../../workflow/domain/workflow-effects.js';
import { type DagExecutor } from './dag.executor.js';
import { type HistoryEntry, type RunRecord } from './run.records.js';
import { RunDriver } from './run-driver.js';
import { type RunChange, type RunStore } from './run.store.js';
import { type StepExecutor } from './step.executor.js';

const id = '00000000-0000-4000-8000-000000000001';
const target = { cluster: 'c1', namespace: 'shop', stage: 'dev' };
const app = (): ApplicationModel =>
  parseApplication(
    anApplication('shop')
      .withComponent(aComponent('microservice', 'web').withProperties({ image: 'shop/web:1' }))
      .withStep({ type: 'deploy', name: 'release' })
      .build(),
  );

/** Keeps one run in memory; `update` is as slow as asked, to catch transitions that interleave. */
class FakeRunStore {
  history: HistoryEntry[] = [];
  updating = 0;
  overlapped = false;
  constructor(
    public run: RunRecord,
    private readonly updateMs = 0,
  ) {}
  load = async (runId: string) => (runId === this.run.deploymentId ? this.run : undefined);
  update = async (_runId: string, change: (run: RunRecord) => RunChange | null): Promise<RunRecord> => {
    if (this.updating++ > 0) this.overlapped = true;
    if (this.updateMs > 0) await new Promise((resolve) => setTimeout(resolve, this.updateMs));
    const result = change(this.run);
    if (result) [this.run, this.history] = [result.run, [...this.history, ...result.history]];
    this.updating--;
    return this.run;
  };
}

function aCreatedRun(): RunRecord {
  return {
    deploymentId: id,
    kind: 'deploy',
    sourceDeploymentId: null,
    appId: 'shop',
    state: 'CREATED',
    configuration: 'kind: ApplicationConfiguration',
    requestedTarget: {},
    correlationId: 'c',
    traceparent: null,
    application: null,
    target: null,
    workflow: null,
    wakeAt: null,
    reason: null,
    createdAt: new Date(),
    startedAt: null,
    finishedAt: null,
  };
}

function aDriver(store: FakeRunStore, validate: () => Promise<unknown>, step: (effect: WorkflowEffect) => Promise<WorkflowEvent | null>) {
  const logs: string[] = [];
  const driver = new RunDriver(id, {
    store: store as unknown as RunStore,
    validate: { execute: validate } as unknown as ValidateApplicationUseCase,
    steps: { execute: (_run: RunRecord, effect: WorkflowEffect) => step(effect) } as unknown as StepExecutor,
    dag: { terminate: async () => undefined } as unknown as DagExecutor,
    metrics: { runMoved: () => undefined, nodeMoved: () => undefined },
    log: (_fields, message) => logs.push(message),
  });
  return { driver, logs };
}

const settled = (store: FakeRunStore, state: string) =>
  new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (store.run.state === state) resolve(clearInterval(poll));
    }, 1);
  });

describe(RunDriver.name, () => {
  it('runs a validated application to SUCCESS, performing each step only after its transition is stored', async () => {
    const store = new FakeRunStore(aCreatedRun());
    const performedIn: string[] = [];
    const { driver } = aDriver(
      store,
      async () => ({ app: app(), target }),
      async (effect) => {
        performedIn.push(store.run.state);
        return { type: 'step-succeeded', path: effect.path, attempt: (effect as { attempt: number }).attempt };
      },
    );
    await driver.start();
    await settled(store, 'SUCCESS');
    assert.deepEqual(performedIn, ['RUNNING']);
    assert.deepEqual(
      store.history.filter((h) => h.subject === 'deployment').map((h) => h.to),
      ['PROCESSING', 'RUNNING', 'SUCCESS'],
    );
    assert.equal(driver.finished, true);
  });

  it('stays PROCESSING while the check cannot run, trying again after 1 s, then 2 s, then runs', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const store = new FakeRunStore(aCreatedRun());
      let calls = 0;
      const { driver, logs } = aDriver(
        store,
        async () => {
          if (++calls < 3) throw new Error('registry unreachable');
          return { app: app(), target };
        },
        async () => null,
      );
      await driver.start();
      assert.equal(store.run.state, 'PROCESSING');
      assert.equal(calls, 1);
      for (const [ms, expected] of [
        [999, 1],
        [1, 2],
        [1999, 2],
        [1, 3],
      ] as const) {
        mock.timers.tick(ms);
        for (let i = 0; i < 20; i++) await Promise.resolve().then(() => mock.timers.tick(0));
        assert.equal(calls, expected, `after ${ms} ms more`);
      }
      assert.equal(store.run.state, 'RUNNING');
      assert.deepEqual(logs, ['cannot validate the application yet', 'cannot validate the application yet']);
      driver.stop();
    } finally {
      mock.timers.reset();
    }
  });

  it('applies operations one at a time, in the order they came', async () => {
    const store = new FakeRunStore(aCreatedRun(), 5);
    const { driver } = aDriver(
      store,
      async () => ({ app: app(), target }),
      () => new Promise<null>(() => undefined),
    );
    await driver.start();
    assert.equal(store.run.state, 'RUNNING');
    await Promise.all([
      driver.operate({ id: 'o1', deploymentId: id, kind: 'suspend', payload: {} }),
      driver.operate({ id: 'o2', deploymentId: id, kind: 'resume', payload: {} }),
      driver.operate({ id: 'o3', deploymentId: id, kind: 'terminate', payload: { reason: 'enough' } }),
    ]);
    assert.equal(store.overlapped, false);
    assert.deepEqual(
      store.history.filter((h) => h.subject === 'deployment').map((h) => h.to),
      ['PROCESSING', 'RUNNING', 'SUSPENDED', 'RUNNING', 'TERMINATED'],
    );
    assert.equal(store.run.reason, 'enough');
  });
});
