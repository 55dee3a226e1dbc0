import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeStateMachine } from '../../dag/domain/node-state.machine.js';
import { deploymentStateMachine } from './deployment-state.machine.js';
import { IllegalTransitionError } from '../../state-machines/domain/state-machine.js';
import { stepStateMachine } from './step-state.machine.js';

describe('deploymentStateMachine', () => {
  it("follows AppManager's path to SUCCESS and keeps SUCCESS and TERMINATED final", () => {
    for (const [from, to] of [
      ['CREATED', 'PROCESSING'],
      ['PROCESSING', 'RUNNING'],
      ['RUNNING', 'SUSPENDED'],
      ['SUSPENDED', 'RUNNING'],
      ['RUNNING', 'WAIT_FOR_OP'],
      ['WAIT_FOR_OP', 'RUNNING'],
      ['RUNNING', 'SUCCESS'],
    ] as const) {
      assert.equal(deploymentStateMachine.transition(from, to), to);
    }
    assert.deepEqual(deploymentStateMachine.finalStates, ['SUCCESS', 'TERMINATED']);
  });

  it('allows retry from FAILURE but refuses to leave SUCCESS, naming both states', () => {
    assert.equal(deploymentStateMachine.canTransition('FAILURE', 'RUNNING'), true);
    assert.throws(
      () => deploymentStateMachine.transition('SUCCESS', 'RUNNING'),
      (e: unknown) => e instanceof IllegalTransitionError && e.message === 'deployment: cannot go from SUCCESS to RUNNING',
    );
  });
});

describe('stepStateMachine and nodeStateMachine', () => {
  it('refuse skipping straight from PENDING or CREATED to SUCCESS', () => {
    assert.throws(() => stepStateMachine.transition('PENDING', 'SUCCESS'), IllegalTransitionError);
    assert.throws(() => nodeStateMachine.transition('CREATED', 'SUCCESS'), IllegalTransitionError);
    assert.equal(nodeStateMachine.canTransition('WAIT_FOR_OP', 'CREATED'), true);
  });
});
