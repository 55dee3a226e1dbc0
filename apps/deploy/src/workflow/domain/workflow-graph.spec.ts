import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ApplicationProblem } from '../../applications/domain/application-invalid.error.js';
import { type WorkflowStepSpec } from '../../applications/domain/application.model.js';
import { buildWorkflowGraph } from './workflow-graph.js';
import { evaluateCondition } from './step-condition.js';

const step = (name: string, extra: Partial<WorkflowStepSpec> = {}): WorkflowStepSpec => ({
  type: 'webhook',
  name,
  properties: {},
  inputs: [],
  outputs: [],
  ...extra,
});

describe(buildWorkflowGraph.name, () => {
  it('chains StepByStep steps and links DAG steps only through their inputs', () => {
    const steps = [
      step('a', { outputs: [{ name: 'x', valueFrom: 'x' }] }),
      step('b'),
      step('c', { inputs: [{ from: 'x', parameterKey: 'x' }] }),
    ];
    assert.deepEqual(buildWorkflowGraph({ mode: 'StepByStep', steps }, 'spec.workflow').edges, [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
    ]);
    assert.deepEqual(buildWorkflowGraph({ mode: 'DAG', steps }, 'spec.workflow').edges, [{ from: 'a', to: 'c', output: 'x' }]);
  });

  it('names an input no step outputs, one from a later step, and a cycle', () => {
    const problems: ApplicationProblem[] = [];
    buildWorkflowGraph(
      {
        mode: 'StepByStep',
        steps: [
          step('a', { inputs: [{ from: 'later', parameterKey: 'v' }] }),
          step('b', { outputs: [{ name: 'later', valueFrom: 'v' }], inputs: [{ from: 'nope', parameterKey: 'v' }] }),
        ],
      },
      'spec.workflow',
      problems,
    );
    buildWorkflowGraph(
      {
        mode: 'DAG',
        steps: [
          step('p', { inputs: [{ from: 'q.out', parameterKey: 'v' }], outputs: [{ name: 'p.out', valueFrom: 'v' }] }),
          step('q', { inputs: [{ from: 'p.out', parameterKey: 'v' }], outputs: [{ name: 'q.out', valueFrom: 'v' }] }),
        ],
      },
      'spec.workflow',
      problems,
    );
    assert.deepEqual(problems, [
      { path: 'spec.workflow.steps[0].inputs[0].from', problem: '"later" comes from a later step "b"' },
      { path: 'spec.workflow.steps[1].inputs[0].from', problem: 'no step outputs "nope"' },
      { path: 'spec.workflow.steps', problem: 'step cycle: p → q → p' },
    ]);
  });
});

describe('workflow stage', () => {
  it('adds DAG edges from pre-/post-render steps to each deploy step and from each deploy step to post-deploy steps', () => {
    const steps = [
      step('config', { stage: 'pre-render' }),
      step('diff', { stage: 'post-render' }),
      step('apply', { type: 'apply-components' }),
      step('deploy', { type: 'deploy' }),
      step('smoke', { stage: 'post-deploy', outputs: [{ name: 'ok', valueFrom: 'ok' }] }),
      step('report', { inputs: [{ from: 'ok', parameterKey: 'ok' }] }),
    ];
    const problems: ApplicationProblem[] = [];
    assert.deepEqual(buildWorkflowGraph({ mode: 'DAG', steps }, 'spec.workflow', problems).edges, [
      { from: 'config', to: 'apply' },
      { from: 'diff', to: 'apply' },
      { from: 'config', to: 'deploy' },
      { from: 'diff', to: 'deploy' },
      { from: 'apply', to: 'smoke' },
      { from: 'deploy', to: 'smoke' },
      { from: 'smoke', to: 'report', output: 'ok' },
    ]);
    assert.deepEqual(problems, []);
  });

  it('names a stage with no deploy step to order against, a stage on a deploy step, and a stage that makes a cycle', () => {
    const problems: ApplicationProblem[] = [];
    buildWorkflowGraph(
      {
        mode: 'StepByStep',
        steps: [
          step('smoke', { stage: 'post-deploy' }),
          step('deploy', { type: 'deploy', stage: 'pre-render' }),
          step('late', { stage: 'pre-render' }),
        ],
      },
      'spec.workflow',
      problems,
    );
    buildWorkflowGraph({ mode: 'DAG', steps: [step('smoke', { stage: 'post-deploy' })] }, 'spec.other', problems);
    buildWorkflowGraph(
      {
        mode: 'DAG',
        steps: [
          step('deploy', { type: 'deploy', inputs: [{ from: 'checked', parameterKey: 'c' }] }),
          step('check', { stage: 'post-deploy', outputs: [{ name: 'checked', valueFrom: 'c' }] }),
        ],
      },
      'spec.cyclic',
      problems,
    );
    assert.deepEqual(problems, [
      { path: 'spec.workflow.steps[0].stage', problem: 'stage "post-deploy" needs a deploy or apply-components step before it' },
      { path: 'spec.workflow.steps[1].stage', problem: 'a deploy step has no stage: stages order other steps around it' },
      { path: 'spec.workflow.steps[2].stage', problem: 'stage "pre-render" needs a deploy or apply-components step after it' },
      { path: 'spec.other.steps[0].stage', problem: 'stage "post-deploy" needs a deploy or apply-components step in its workflow' },
      { path: 'spec.cyclic.steps', problem: 'step cycle: deploy → check → deploy' },
    ]);
  });
});

describe(evaluateCondition.name, () => {
  it('compares, negates and combines paths of the scope', () => {
    const scope = { context: { env: 'prod', approved: false }, outputs: { replicas: 3 } };
    assert.equal(evaluateCondition("context.env == 'prod' && outputs.replicas == 3", scope), true);
    assert.equal(evaluateCondition('context.approved || !context.missing', scope), true);
    assert.equal(evaluateCondition("context.env != 'prod'", scope), false);
    assert.throws(() => evaluateCondition('context.env == ', scope), /an operand is missing/);
  });
});
