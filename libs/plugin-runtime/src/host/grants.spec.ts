import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aComponentDefinition } from '../corpus/corpus-fixtures.js';
import { resolveGrants } from './grants.js';

describe(resolveGrants.name, () => {
  it('grants what the definition declares, with every method of each capability', () => {
    assert.deepEqual(resolveGrants(aComponentDefinition({ kube: true, log: true })), [
      ['kube', ['get', 'list', 'apply', 'delete']],
      ['log', ['info', 'warn', 'error']],
    ]);
  });

  it('never grants a policy more than logging, whatever it declares', () => {
    const policy = aComponentDefinition({ kube: true, http: { allow: ['https://x.test/'] }, log: true }, { kind: 'Policy' });
    assert.deepEqual(resolveGrants(policy), [['log', ['info', 'warn', 'error']]]);
  });
});
