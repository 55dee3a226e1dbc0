import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aComponent, anApplication } from '../../applications/testing/application.builder.js';
import { parseApplication } from '../../applications/domain/parse-application.js';
import { IllegalTransitionError } from '../../state-machines/domain/state-machine.js';
import { type RunRecord } from './run.records.js';
import { advanceRun, moveRun, startRun } from './run-transition.js';

const now = new Date('2030-01-01T00:00:00.000Z');
const target = { cluster: 'c1', namespace: 'shop', stage: 'dev' };
const twoSteps = () =>
  parseApplication(
    anApplication('shop')
      .withComponent(aComponent('microservice', 'web').withProperties({ image: 'shop/web:1' }))
      .withStep({ type: 'suspend', name: 'approve' })
      .withStep({ type: 'deploy', name: 'release' })
      .build(),
  );

function aRun(extra: Partial<RunRecord> = {}): RunRecord {
  return {
    deploymentId: '00000000-0000-4000-8000-000000000001',
    kind: 'deploy',
    sourceDeploymentId: null,
    appId: 'shop',
    state: 'PROCESSING',
    configuration: {},
    requestedTarget: {},
    correlationId: 'c',
    traceparent: null,
    application: null,
    target: null,
    workflow: null,
    wakeAt: null,
    reason: null,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
    ...extra,
  };
}

describe('run transitions', () => {
  it('starts a validated application RUNNING, asks for its first step, and records both moves', () => {
    const started = startRun(aRun(), twoSteps(), target, now);
    assert.equal(started.change.run.state, 'RUNNING');
    assert.deepEqual(started.change.run.target, target);
    assert.deepEqual(
      started.effects.map((e) => e.path.join('/')),
      ['approve'],
    );
    assert.deepEqual(
      started.change.history.map((h) => `${h.subject} ${h.from}->${h.to}`),
      ['deployment PROCESSING->RUNNING', 'step:approve PENDING->RUNNING'],
    );
  });

  it('suspends with the step as the reason and, resumed, moves on to the next step', () => {
    const running = startRun(aRun(), twoSteps(), target, now).change.run;
    const suspended = advanceRun(running, { type: 'step-suspended', path: ['approve'], attempt: 1, reason: 'waiting for approval' }, now);
    assert.equal(suspended?.change.run.state, 'SUSPENDED');
    assert.equal(suspended?.change.run.reason, 'waiting for approval');
    const resumed = advanceRun(suspended!.change.run, { type: 'resume' }, now);
    assert.equal(resumed?.change.run.state, 'RUNNING');
    assert.deepEqual(
      resumed?.effects.map((e) => e.path.join('/')),
      ['release'],
    );
  });

  it('finishes with the time once the last step succeeds, and changes nothing after that', () => {
    let run = startRun(aRun(), twoSteps(), target, now).change.run;
    run = advanceRun(run, { type: 'step-succeeded', path: ['approve'], attempt: 1 }, now)!.change.run;
    run = advanceRun(run, { type: 'step-succeeded', path: ['release'], attempt: 1 }, now)!.change.run;
    assert.equal(run.state, 'SUCCESS');
    assert.deepEqual(run.finishedAt, now);
    assert.equal(advanceRun(run, { type: 'tick' }, now), null);
  });

  it('changes nothing while the run has no workflow (still validating)', () => {
    assert.equal(advanceRun(aRun(), { type: 'terminate', reason: 'stop' }, now), null);
  });

  it('refuses a move the deployment state machine does not allow', () => {
    assert.throws(() => moveRun(aRun({ state: 'SUCCESS' }), 'RUNNING', null, {}, now), IllegalTransitionError);
  });
});
