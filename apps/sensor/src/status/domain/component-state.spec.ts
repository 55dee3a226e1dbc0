import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isChange, observedState } from './component-state.js';
import { driftOf, liveKey } from './observed-objects.js';

describe('observed component state', () => {
  it("maps the plug-in's states to AppManager's statuses", () => {
    assert.equal(observedState({ state: 'RUNNING' }, []).status, 'RUNNING');
    assert.equal(observedState({ state: 'PROCESSING', message: '0/1 ready' }, []).status, 'UPDATING');
    assert.equal(observedState({ state: 'FAILURE' }, []).status, 'FAILED');
    assert.deepEqual(observedState({ state: 'SOMETHING' }, []), {
      status: 'NOT_IMPLEMENTED',
      message: 'the plug-in answered an unknown state "SOMETHING"',
      drifted: [],
    });
    assert.deepEqual(observedState({ error: 'no Component plug-in "x"' }, []), {
      status: 'UNKNOWN',
      message: 'no Component plug-in "x"',
      drifted: [],
    });
  });

  it('says DRIFTED, naming objects and fields, whatever the plug-in says', () => {
    const drifted = [{ kind: 'ConfigMap', name: 'c', fields: ['data.mode'] }];
    assert.deepEqual(observedState({ state: 'RUNNING' }, drifted), {
      status: 'DRIFTED',
      message: 'not as deploy applied it: ConfigMap/c: data.mode',
      drifted,
    });
  });

  it('is a change when the status or the message differs', () => {
    assert.equal(isChange({ status: 'RUNNING', statusMessage: 'ok' }, { status: 'RUNNING', message: 'ok', drifted: [] }), false);
    assert.equal(isChange({ status: 'RUNNING', statusMessage: 'ok' }, { status: 'RUNNING', message: '1/2', drifted: [] }), true);
    assert.equal(isChange({ status: 'PENDING', statusMessage: undefined }, { status: 'RUNNING', message: undefined, drifted: [] }), true);
  });

  it('finds missing objects and differing applied fields; an object without field hashes is only checked for presence', () => {
    const instance = {
      namespace: 'shop',
      objects: [
        { node: 'n', apiVersion: 'v1', kind: 'ConfigMap', name: 'c', specHash: 'x', fields: { 'data.mode': 'not-the-hash' } },
        { node: 'n', apiVersion: 'apps/v1', kind: 'Deployment', name: 'gone', specHash: 'x' },
        { node: 'n', apiVersion: 'v1', kind: 'Service', name: 'old', specHash: 'x' },
      ],
    };
    const live = new Map([
      [liveKey('ConfigMap', 'shop', 'c'), { data: { mode: 'demo' } }],
      [liveKey('Service', 'shop', 'old'), { spec: {} }],
    ]);
    assert.deepEqual(driftOf(instance, live), [
      { kind: 'ConfigMap', name: 'c', fields: ['data.mode'] },
      { kind: 'Deployment', name: 'gone', fields: ['(object missing)'] },
    ]);
  });
});
