import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseApplication } from '../../applications/domain/parse-application.js';
import { aComponent, anApplication } from '../../applications/testing/application.builder.js';
import { type KubePort } from '../../plugin-host/application/plugin.gateway.js';
import { DagExecutor } from './dag.executor.js';
import { type ExecutionConfig } from './execution.config.js';
import { type NodeExecutor, type NodeOutcome, type NodeRun } from './node.executor.js';
import { type HistoryEntry, type NodeRecord, type RunRecord } from './run.records.js';
import { type RunStore } from './run.store.js';

/** Nodes finish when the test says so; records how many ran at once. */
class FakeNodes {
  running = 0;
  peak = 0;
  readonly started: string[] = [];
  private readonly waiting = new Map<string, (outcome: NodeOutcome) => void>();

  execute(run: NodeRun): Promise<NodeOutcome> {
    this.started.push(run.node.id);
    this.running += 1;
    this.peak = Math.max(this.peak, this.running);
    return new Promise((resolve) =>
      this.waiting.set(run.node.id, (outcome) => {
        this.running -= 1;
        resolve(outcome);
      }),
    );
  }

  async finish(id: string, outcome: NodeOutcome = { state: 'SUCCESS', outputs: {} }): Promise<void> {
    await until(() => this.waiting.has(id));
    const done = this.waiting.get(id) as (o: NodeOutcome) => void;
    this.waiting.delete(id);
    done(outcome);
  }
}

class MemoryRunStore {
  readonly rows = new Map<string, NodeRecord>();
  readonly history: HistoryEntry[] = [];
  async nodes(): Promise<NodeRecord[]> {
    return [...this.rows.values()];
  }
  async saveNode(_id: string, _app: string, node: NodeRecord, history: HistoryEntry[]): Promise<void> {
    this.rows.set(`${node.step}/${node.nodeId}`, node);
    this.history.push(...history);
  }
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

const run = { deploymentId: 'd-1', appId: 'shop', correlationId: 'c', target: { cluster: 'c1', namespace: 'shop' } } as RunRecord;
const config = { DEPLOY_MAX_PARALLEL: 2 } as ExecutionConfig;

const noMetrics = { runMoved: () => undefined, nodeMoved: () => undefined };

describe(DagExecutor.name, () => {
  it('runs ready nodes in parallel up to the bound and starts more as others finish', async () => {
    const app = parseApplication(
      anApplication()
        .withComponent(aComponent('microservice', 'a'))
        .withComponent(aComponent('microservice', 'b'))
        .withComponent(aComponent('microservice', 'c'))
        .withComponent(aComponent('microservice', 'd').dependingOn('microservice|a'))
        .build(),
    );
    const nodes = new FakeNodes();
    const store = new MemoryRunStore();
    const executor = new DagExecutor(store as unknown as RunStore, nodes as unknown as NodeExecutor, config, noMetrics);
    const result = executor.run(run, app, {} as KubePort, new AbortController().signal, { retry: false, step: 'deploy' });
    await until(() => nodes.started.length === 2);
    assert.deepEqual(nodes.started, ['microservice|a', 'microservice|b']);
    await nodes.finish('microservice|a');
    await until(() => nodes.started.length === 3);
    assert.deepEqual(nodes.started.slice(2), ['microservice|c'], 'c is next in declaration order; d waits for a bound slot');
    await nodes.finish('microservice|b');
    await nodes.finish('microservice|c');
    await nodes.finish('microservice|d');
    assert.deepEqual(await result, { outcome: 'success' });
    assert.equal(nodes.peak, 2);
    assert.deepEqual(
      store.history.filter((h) => h.subject === 'node:microservice|d@deploy').map((h) => `${h.from}->${h.to}`),
      ['CREATED->PROCESSING', 'PROCESSING->SUCCESS'],
    );
  });

  it('reports WAIT_FOR_OP with the reason, and a retry starts the node again from CREATED', async () => {
    const app = parseApplication(anApplication().withComponent(aComponent('microservice', 'web')).build());
    const nodes = new FakeNodes();
    const store = new MemoryRunStore();
    const executor = new DagExecutor(store as unknown as RunStore, nodes as unknown as NodeExecutor, config, noMetrics);
    const first = executor.run(run, app, {} as KubePort, new AbortController().signal, { retry: false, step: 'deploy' });
    await nodes.finish('microservice|web', { state: 'WAIT_FOR_OP', reason: 'web: ImagePullBackOff' });
    assert.deepEqual(await first, { outcome: 'wait_for_op', reason: 'microservice|web: web: ImagePullBackOff' });
    const second = executor.run(run, app, {} as KubePort, new AbortController().signal, { retry: true, step: 'deploy' });
    await nodes.finish('microservice|web');
    assert.deepEqual(await second, { outcome: 'success' });
    assert.deepEqual(
      store.history.map((h) => h.to),
      ['PROCESSING', 'WAIT_FOR_OP', 'CREATED', 'PROCESSING', 'SUCCESS'],
    );
  });

  it("keeps each deploy step's nodes apart: a second step deploys a component again instead of finding it done", async () => {
    const app = parseApplication(anApplication().withComponent(aComponent('microservice', 'web')).build());
    const nodes = new FakeNodes();
    const store = new MemoryRunStore();
    const executor = new DagExecutor(store as unknown as RunStore, nodes as unknown as NodeExecutor, config, noMetrics);
    const first = executor.run(run, app, {} as KubePort, new AbortController().signal, { retry: false, step: 'to-staging' });
    await nodes.finish('microservice|web');
    assert.deepEqual(await first, { outcome: 'success' });
    const second = executor.run(run, app, {} as KubePort, new AbortController().signal, { retry: false, step: 'to-production' });
    await nodes.finish('microservice|web');
    assert.deepEqual(await second, { outcome: 'success' });
    assert.deepEqual(nodes.started, ['microservice|web', 'microservice|web']);
    assert.deepEqual(
      store.history.map((h) => `${h.subject} ${h.to}`),
      [
        'node:microservice|web@to-staging PROCESSING',
        'node:microservice|web@to-staging SUCCESS',
        'node:microservice|web@to-production PROCESSING',
        'node:microservice|web@to-production SUCCESS',
      ],
    );
  });
});
