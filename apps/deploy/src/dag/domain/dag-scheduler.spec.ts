import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IllegalTransitionError } from '../../state-machines/domain/state-machine.js';
import { DagScheduler } from './dag-scheduler.js';

/** a → c, b → c, plus independent d and e. */
const graph = {
  nodes: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id })),
  edges: [
    { from: 'a', to: 'c' },
    { from: 'b', to: 'c' },
  ],
};

function finish(s: DagScheduler, id: string): void {
  s.transition(id, 'PROCESSING');
  s.transition(id, 'SUCCESS');
}

describe(DagScheduler.name, () => {
  it('yields ready nodes up to the bound and more as others finish', () => {
    const s = new DagScheduler(graph, {}, 2);
    assert.deepEqual(s.ready(), ['a', 'b']);
    s.transition('a', 'PROCESSING');
    s.transition('b', 'PROCESSING');
    assert.deepEqual(s.ready(), [], 'the bound of 2 is reached');
    s.transition('a', 'SUCCESS');
    assert.deepEqual(s.ready(), ['d'], 'c still waits for b');
    s.transition('b', 'RUNNING');
    s.transition('b', 'SUCCESS');
    assert.deepEqual(s.ready(), ['c', 'd']);
    for (const id of ['c', 'd', 'e']) finish(s, id);
    assert.equal(s.outcome(), 'success');
  });

  it('keeps independent branches going when one node needs an operator, then reports WAIT_FOR_OP', () => {
    const s = new DagScheduler(graph, {}, 10);
    s.transition('a', 'PROCESSING');
    s.transition('a', 'WAIT_FOR_OP');
    for (const id of ['b', 'd', 'e']) finish(s, id);
    assert.deepEqual(s.ready(), []);
    assert.equal(s.outcome(), 'wait_for_op');
    assert.deepEqual(s.retry(), ['a']);
    assert.deepEqual(s.ready(), ['a']);
  });

  it('continues from persisted states after a restart, reporting what was in flight', () => {
    const s = new DagScheduler(graph, { a: 'SUCCESS', b: 'RUNNING', d: 'SUCCESS' }, 2);
    assert.deepEqual(s.inFlight(), ['b']);
    assert.deepEqual(s.ready(), ['e']);
    assert.equal(s.outcome(), 'running');
  });

  it('enforces the component state machine and a positive bound', () => {
    const s = new DagScheduler(graph, {}, 1);
    assert.throws(() => s.transition('a', 'SUCCESS'), IllegalTransitionError);
    assert.throws(() => new DagScheduler(graph, {}, 0), /positive integer/);
  });

  it('terminates every unfinished node and reports terminated', () => {
    const s = new DagScheduler(graph, { a: 'SUCCESS', b: 'RUNNING' }, 2);
    assert.deepEqual(s.terminate(), ['b', 'c', 'd', 'e']);
    assert.equal(s.outcome(), 'terminated');
  });
});
