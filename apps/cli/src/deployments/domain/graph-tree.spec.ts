import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changedLines, stateSnapshot, type DeploymentGraph } from './deployment-graph.js';
import { graphTree } from './graph-tree.js';

/** A two-node deployment (db → api) with a suspend step before its deploy step. */
function aDeployment(overrides: Partial<DeploymentGraph> = {}): DeploymentGraph {
  return {
    deploymentId: 'd1',
    appId: 'shop',
    state: 'SUSPENDED',
    reason: 'waiting for CAB',
    nodes: [
      { id: 'microservice|db', kind: 'component', type: 'microservice', step: null, state: 'CREATED', reason: null },
      { id: 'microservice|api', kind: 'component', type: 'microservice', step: null, state: 'CREATED', reason: null },
    ],
    edges: [{ from: 'microservice|db', to: 'microservice|api', reason: 'data' }],
    levels: [['microservice|db'], ['microservice|api']],
    criticalPath: { nodes: ['microservice|db', 'microservice|api'], length: 2 },
    workflow: {
      status: 'SUSPENDED',
      steps: [
        { name: 'approve', state: 'WAITING_SUSPEND', reason: 'waiting for CAB' },
        { name: 'ship', state: 'PENDING' },
      ],
    },
    history: [],
    ...overrides,
  };
}

describe('graphTree', () => {
  it('draws the workflow steps and the DAG by level, marking the critical path', () => {
    assert.deepEqual(graphTree(aDeployment()), [
      'shop  deployment d1  SUSPENDED  waiting for CAB',
      '├─ workflow',
      '│  ├─ approve  WAITING_SUSPEND  waiting for CAB',
      '│  └─ ship  PENDING',
      '└─ DAG: 2 levels, critical path microservice|db → microservice|api',
      '   ├─ level 0',
      '   │  └─ *microservice|db  CREATED',
      '   └─ level 1',
      '      └─ *microservice|api  CREATED',
    ]);
  });

  it('paints states only through the given painter', () => {
    const painted = graphTree(aDeployment(), (state) => `<${state}>`);
    assert.equal(painted[0], 'shop  deployment d1  <SUSPENDED>  waiting for CAB');
  });
});

describe('changedLines', () => {
  it('names everything the first time, then only what changed, the deployment last', () => {
    const first = stateSnapshot(aDeployment());
    assert.deepEqual(changedLines(new Map(), first), [
      'node microservice|db CREATED',
      'node microservice|api CREATED',
      'step approve WAITING_SUSPEND (waiting for CAB)',
      'step ship PENDING',
      'deployment SUSPENDED (waiting for CAB)',
    ]);
    const running = aDeployment({ state: 'RUNNING', reason: null });
    running.workflow!.steps = [
      { name: 'approve', state: 'SUCCESS' },
      { name: 'ship', state: 'RUNNING' },
    ];
    assert.deepEqual(changedLines(first, stateSnapshot(running)), ['step approve SUCCESS', 'step ship RUNNING', 'deployment RUNNING']);
    assert.deepEqual(changedLines(stateSnapshot(running), stateSnapshot(running)), []);
  });
});
