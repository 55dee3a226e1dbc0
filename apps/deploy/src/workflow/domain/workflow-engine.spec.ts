import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type WorkflowSpec, type WorkflowStepSpec } from '../../applications/domain/application.model.js';
import { type WorkflowEffect, type WorkflowEvent } from './workflow-effects.js';
import { advanceWorkflow, resumeEffects } from './workflow-engine.js';
import { newWorkflowRun, type WorkflowRun } from './workflow-run.js';

const t0 = Date.parse('2030-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(t0 + ms);
const step = (name: string, extra: Partial<WorkflowStepSpec> = {}): WorkflowStepSpec => ({
  type: 'webhook',
  name,
  properties: {},
  inputs: [],
  outputs: [],
  ...extra,
});

/** Drives the engine as the application layer does: persist the run, perform effects, feed events back. */
class Driver {
  run: WorkflowRun;
  effects: WorkflowEffect[] = [];
  wakeAt: string | null = null;

  constructor(
    readonly spec: WorkflowSpec,
    now = at(0),
  ) {
    this.run = newWorkflowRun(spec);
    this.send({ type: 'tick' }, now);
  }

  send(event: WorkflowEvent, now = at(0)): this {
    const t = advanceWorkflow(this.spec, this.run, event, now);
    this.run = t.run;
    this.effects = t.effects;
    this.wakeAt = t.wakeAt;
    return this;
  }

  executing(): string[] {
    return this.effects.filter((e) => e.type === 'execute-step').map((e) => e.path.join('/'));
  }

  attemptOf(path: string): number {
    const effect = this.effects.find((e) => e.type === 'execute-step' && e.path.join('/') === path);
    assert.ok(effect && effect.type === 'execute-step', `no execute-step for ${path}`);
    return effect.attempt;
  }

  succeed(path: string, outputs = {}, now = at(0)): this {
    return this.send({ type: 'step-succeeded', path: path.split('/'), attempt: this.stepAttempt(path), outputs }, now);
  }

  stepAttempt(path: string): number {
    let steps = this.run.steps;
    let record;
    for (const name of path.split('/')) {
      record = steps.find((s) => s.name === name);
      steps = record?.child?.steps ?? [];
    }
    assert.ok(record, `no step ${path}`);
    return record.attempts;
  }

  states(): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (steps: WorkflowRun['steps'], prefix: string) =>
      steps.forEach((s) => {
        out[prefix + s.name] = s.state;
        if (s.child) walk(s.child.steps, `${prefix}${s.name}/`);
      });
    walk(this.run.steps, '');
    return out;
  }
}

describe(advanceWorkflow.name, () => {
  it('runs steps one by one in StepByStep mode and succeeds when the last does', () => {
    const d = new Driver({ mode: 'StepByStep', steps: [step('a'), step('b')] });
    assert.deepEqual(d.executing(), ['a']);
    d.succeed('a');
    assert.deepEqual(d.executing(), ['b']);
    d.succeed('b');
    assert.equal(d.run.status, 'SUCCESS');
  });

  it('runs a DAG of inputs and outputs in parallel and writes an input at its parameterKey', () => {
    const d = new Driver({
      mode: 'DAG',
      steps: [
        step('build', { outputs: [{ name: 'image', valueFrom: 'artifact.ref' }] }),
        step('lint'),
        step('deploy', { type: 'deploy', inputs: [{ from: 'image', parameterKey: 'overrides.image' }] }),
      ],
    });
    assert.deepEqual(d.executing(), ['build', 'lint']);
    d.succeed('build', { artifact: { ref: 'reg/app:1' } });
    const deploy = d.effects.find((e) => e.type === 'execute-step');
    assert.ok(deploy?.type === 'execute-step');
    assert.deepEqual(
      [deploy.path, deploy.properties, deploy.inputs],
      [['deploy'], { overrides: { image: 'reg/app:1' } }, { 'overrides.image': 'reg/app:1' }],
    );
    d.succeed('deploy');
    assert.equal(d.run.status, 'RUNNING', 'lint is still running');
    d.succeed('lint');
    assert.equal(d.run.status, 'SUCCESS');
  });

  it('orders a DAG by stage: pre-render steps before the deploy step, post-deploy steps after its components are ready', () => {
    const d = new Driver({
      mode: 'DAG',
      steps: [
        step('smoke-test', { stage: 'post-deploy' }),
        step('deploy', { type: 'deploy' }),
        step('render-config', { stage: 'pre-render' }),
        step('notify'),
      ],
    });
    assert.deepEqual(d.executing(), ['render-config', 'notify'], 'neither the deploy step nor the post-deploy step may start yet');
    d.succeed('render-config');
    assert.deepEqual(d.executing(), ['deploy']);
    d.send({ type: 'step-failed', path: ['deploy'], attempt: 1, reason: 'component api not ready' });
    assert.equal(d.states()['smoke-test'], 'PENDING', 'a post-deploy step never starts after a failed deploy step');
    assert.equal(d.run.status, 'FAILURE');

    const ok = new Driver({ mode: 'DAG', steps: [step('smoke-test', { stage: 'post-deploy' }), step('deploy', { type: 'deploy' })] });
    assert.deepEqual(ok.executing(), ['deploy']);
    ok.succeed('deploy');
    assert.deepEqual(ok.executing(), ['smoke-test']);
    ok.succeed('smoke-test');
    assert.equal(ok.run.status, 'SUCCESS');
  });

  it('suspends on a suspend outcome and continues when resumed with context', () => {
    const d = new Driver({
      mode: 'StepByStep',
      steps: [step('approve', { type: 'suspend' }), step('promote', { if: 'context.approved' })],
    });
    d.send({ type: 'step-suspended', path: ['approve'], attempt: 1, reason: 'waiting for the release ticket' });
    assert.equal(d.run.status, 'SUSPENDED');
    assert.deepEqual(d.executing(), []);
    d.send({ type: 'resume', context: { approved: true } });
    assert.deepEqual(d.executing(), ['promote']);
    assert.equal(d.run.status, 'RUNNING');
  });

  it('holds new steps while suspended by an operator, and starts them on resume', () => {
    const d = new Driver({ mode: 'StepByStep', steps: [step('a'), step('b')] });
    d.send({ type: 'suspend', reason: 'change freeze' });
    assert.equal(d.run.status, 'SUSPENDED');
    d.succeed('a');
    assert.deepEqual([d.run.status, d.executing()], ['SUSPENDED', []]);
    d.send({ type: 'resume' });
    assert.deepEqual([d.run.status, d.executing()], ['RUNNING', ['b']]);
  });

  it('times a step out, retries it with backoff, and ignores the late result of the abandoned attempt', () => {
    const retry = { maxAttempts: 2, initialBackoffMs: 1000, maxBackoffMs: 10_000, factor: 2 };
    const d = new Driver({ mode: 'StepByStep', steps: [step('slow', { timeoutMs: 5000, retry })] });
    assert.equal(d.wakeAt, at(5000).toISOString(), 'wake at the deadline');
    d.send({ type: 'tick' }, at(5000));
    assert.deepEqual(d.effects, [{ type: 'cancel-step', path: ['slow'], reason: 'timed out after 5s' }]);
    assert.deepEqual([d.states()['slow'], d.wakeAt], ['PENDING', at(6000).toISOString()]);
    d.send({ type: 'tick' }, at(5500));
    assert.deepEqual(d.executing(), [], 'backoff not over');
    d.send({ type: 'tick' }, at(6000));
    assert.equal(d.attemptOf('slow'), 2);
    d.send({ type: 'step-succeeded', path: ['slow'], attempt: 1 }, at(6100));
    assert.equal(d.states()['slow'], 'RUNNING', 'attempt 1 was abandoned');
    d.send({ type: 'tick' }, at(11_000));
    assert.equal(d.run.status, 'FAILURE');
    assert.equal(d.run.reason, 'step "slow" failed: timed out after 5s');
  });

  it('skips a step whose condition is false and carries on', () => {
    const d = new Driver({ mode: 'StepByStep', steps: [step('migrate', { if: "context.env == 'prod'" }), step('deploy')] });
    assert.deepEqual([d.states()['migrate'], d.executing()], ['SKIPPED', ['deploy']]);
  });

  it('runs a child workflow as one step, suspending and succeeding with it', () => {
    const child: WorkflowSpec = {
      mode: 'StepByStep',
      steps: [step('canary', { outputs: [{ name: 'canaryOk', valueFrom: 'ok' }] }), step('approve')],
    };
    const d = new Driver({
      mode: 'StepByStep',
      steps: [
        step('release', { type: 'sub-workflow', subWorkflow: child, outputs: [{ name: 'released', valueFrom: 'canaryOk' }] }),
        step('notify'),
      ],
    });
    assert.deepEqual([d.states()['release'], d.executing()], ['WAITING', ['release/canary']]);
    d.succeed('release/canary', { ok: true });
    d.send({ type: 'step-suspended', path: ['release', 'approve'], attempt: 1 });
    assert.deepEqual([d.run.status, d.states()['release']], ['SUSPENDED', 'WAITING_SUSPEND']);
    d.send({ type: 'resume' });
    assert.deepEqual([d.run.status, d.states()['release'], d.executing()], ['RUNNING', 'SUCCESS', ['notify']]);
    assert.equal(d.run.outputs['released'], true);
  });

  it('fails the parent when the child fails, and retries from the failed child step only', () => {
    const child: WorkflowSpec = { mode: 'StepByStep', steps: [step('one'), step('two')] };
    const d = new Driver({ mode: 'StepByStep', steps: [step('nested', { type: 'sub-workflow', subWorkflow: child })] });
    d.succeed('nested/one');
    d.send({ type: 'step-failed', path: ['nested', 'two'], attempt: 1, reason: 'HTTP 500' });
    assert.deepEqual([d.run.status, d.run.reason], ['FAILURE', 'step "nested" failed: child workflow: step "two" failed: HTTP 500']);
    d.send({ type: 'retry' });
    assert.deepEqual(d.states(), { nested: 'WAITING', 'nested/one': 'SUCCESS', 'nested/two': 'RUNNING' });
    assert.deepEqual(d.executing(), ['nested/two']);
    d.succeed('nested/two');
    assert.equal(d.run.status, 'SUCCESS');
  });

  it('terminates every unfinished step and cancels the running ones', () => {
    const d = new Driver({ mode: 'DAG', steps: [step('a'), step('b')] });
    d.succeed('a');
    d.send({ type: 'terminate', reason: 'operator: wrong version' });
    assert.deepEqual(d.effects, [{ type: 'cancel-step', path: ['b'], reason: 'operator: wrong version' }]);
    assert.deepEqual([d.run.status, d.states()], ['TERMINATED', { a: 'SUCCESS', b: 'TERMINATED' }]);
    d.send({ type: 'retry' });
    assert.equal(d.run.status, 'TERMINATED', 'terminated is final');
  });

  it('waits for an operator and re-runs the step on retry', () => {
    const d = new Driver({ mode: 'StepByStep', steps: [step('deploy', { type: 'deploy' }), step('verify')] });
    d.send({ type: 'step-needs-operator', path: ['deploy'], attempt: 1, reason: 'backend: ImagePullBackOff for shop/backend:nope' });
    assert.deepEqual([d.run.status, d.run.steps[0]?.reason], ['WAIT_FOR_OP', 'backend: ImagePullBackOff for shop/backend:nope']);
    d.send({ type: 'retry' });
    assert.deepEqual([d.run.status, d.executing()], ['RUNNING', ['deploy']]);
    d.succeed('deploy');
    assert.deepEqual(d.executing(), ['verify']);
  });

  it('lets a step terminate the whole workflow', () => {
    const d = new Driver({ mode: 'StepByStep', steps: [step('gate'), step('deploy')] });
    d.send({ type: 'step-terminated', path: ['gate'], attempt: 1, reason: 'release window closed' });
    assert.deepEqual([d.run.status, d.run.reason], ['TERMINATED', 'step "gate" terminated the workflow: release window closed']);
  });

  it('re-issues the running steps after a restart from the persisted run, inputs included', () => {
    const d = new Driver({
      mode: 'StepByStep',
      steps: [step('a', { outputs: [{ name: 'x', valueFrom: 'x' }] }), step('b', { inputs: [{ from: 'x', parameterKey: 'value' }] })],
    });
    d.succeed('a', { x: 42 });
    const persisted = JSON.parse(JSON.stringify(d.run)) as WorkflowRun;
    const effects = resumeEffects(d.spec, persisted);
    assert.equal(effects.length, 1);
    assert.deepEqual(effects[0]?.type === 'execute-step' && [effects[0].path, effects[0].properties, effects[0].attempt], [
      ['b'],
      { value: 42 },
      1,
    ]);
  });
});
