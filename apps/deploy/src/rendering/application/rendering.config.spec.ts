import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderParameters } from '../../applications/domain/field-template.js';
import { templateEnvironment } from './rendering.config.js';

describe(templateEnvironment.name, () => {
  it('shows {{ env.X }} only the variables DEPLOY_TEMPLATE_ENV names, never the rest of the process environment', () => {
    const environment = { REGISTRY: 'registry.local:5000', DEPLOY_SECRETS_KEY: 'c2VjcmV0', HOME: '/root' };
    const parameters = templateEnvironment({ DEPLOY_TEMPLATE_ENV: 'REGISTRY, MISSING' }, environment);
    assert.deepEqual(parameters, { 'env.REGISTRY': 'registry.local:5000' });
    assert.equal(
      renderParameters('{{ env.REGISTRY }}/shop:1 {{ env.DEPLOY_SECRETS_KEY }}', parameters),
      'registry.local:5000/shop:1 {{ env.DEPLOY_SECRETS_KEY }}',
    );
    assert.deepEqual(templateEnvironment({}, environment), {});
    assert.throws(() => templateEnvironment({ DEPLOY_TEMPLATE_ENV: 'NOT-A-NAME' }, environment), /an environment variable name/);
  });
});
