import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PropertiesValidator } from './properties.validator.js';

describe(PropertiesValidator.name, () => {
  // the shape of the built-in microservice schema: AppManager's workload when there is a spec, the native form otherwise
  const schema = {
    type: 'object',
    if: { anyOf: [{ required: ['spec'] }, { required: ['apiVersion'] }] },
    then: { required: ['spec'], properties: { spec: { type: 'object', required: ['containers'] } } },
    else: {
      required: ['image'],
      additionalProperties: false,
      properties: { image: { type: 'string' }, replicas: { type: 'integer', minimum: 0 } },
    },
  };

  it('names only the problems of the form the properties are in, not the if/then summary', () => {
    const validator = new PropertiesValidator();
    assert.deepEqual(validator.problems(schema, { image: 'a', replicas: -1 }, 'p'), [{ path: 'p.replicas', problem: 'must be >= 0' }]);
    assert.deepEqual(validator.problems(schema, { apiVersion: 'apps.abm.io/v1', spec: {} }, 'p'), [
      { path: 'p.spec.containers', problem: 'is required' },
    ]);
    assert.deepEqual(validator.problems(schema, { spec: { containers: [] } }, 'p'), []);
  });
});
