import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PluginHarness, type JsonObject } from '@appmanager/plugin-sdk';
import { loadBundle } from '../testing/load-bundle.js';

function anApplication(): { components: JsonObject[] } {
  return {
    components: [
      {
        revisionName: 'microservice|api|_',
        scopes: [{ scopeRef: { kind: 'Namespace', name: 'default' } }, { scopeRef: { kind: 'Cluster', name: 'master' } }],
        properties: { image: 'api:1', replicas: 1, env: { MODE: 'dev', DEBUG: 'true' } },
        traits: [{ name: 'scaler', properties: { replicas: 1 } }],
        parameterValues: [{ name: 'REPLICAS', value: 1 }],
      },
      { type: 'job', name: 'migrate', properties: { image: 'migrate:1' } },
    ],
  };
}

async function rewrite(type: string, properties: object, application = anApplication()) {
  const harness = new PluginHarness(loadBundle(`${type}.policy`), { kind: 'Policy', capabilities: {} });
  const result = await harness.call<{ application: { components: JsonObject[] } }>('rewrite', { policy: { type, name: `${type}-prod` }, properties: properties as never, application: application as never });
  return result.application.components;
}

describe('override policy', () => {
  it('patches the properties of the component it names and leaves the others alone', async () => {
    const [api, migrate] = await rewrite('override', { components: [{ revisionName: 'microservice|api|_', properties: { replicas: 3, env: { MODE: 'prod', DEBUG: null } } }] });
    assert.deepEqual(api?.['properties'], { image: 'api:1', replicas: 3, env: { MODE: 'prod' } });
    assert.deepEqual(migrate, anApplication().components[1]);
  });

  it('replaces traits and parameter values by name and appends new ones', async () => {
    const [api] = await rewrite('override', {
      components: [{ name: 'api', traits: [{ name: 'scaler', properties: { replicas: 4 } }, { name: 'ingress', properties: { host: 'shop.example.com' } }], parameterValues: [{ name: 'REPLICAS', value: 4 }] }],
    });
    assert.deepEqual(api?.['traits'], [{ name: 'scaler', properties: { replicas: 4 } }, { name: 'ingress', properties: { host: 'shop.example.com' } }]);
    assert.deepEqual(api?.['parameterValues'], [{ name: 'REPLICAS', value: 4 }]);
  });

  it('names an override that matches no component', async () => {
    await assert.rejects(rewrite('override', { components: [{ revisionName: 'helm|chart|_', properties: {} }] }), /components\[0\] \(helm\|chart\) matches no component/);
  });
});

describe('topology policy', () => {
  it('puts every component on the given cluster and namespace, replacing scopes of those kinds', async () => {
    const components = await rewrite('topology', { cluster: 'prod-eu-1', namespace: 'shop-prod' });
    for (const component of components) {
      const scopes = (component['scopes'] as Array<{ scopeRef: { kind: string; name: string } }>).map((s) => `${s.scopeRef.kind}=${s.scopeRef.name}`);
      assert.deepEqual(scopes, ['Cluster=prod-eu-1', 'Namespace=shop-prod']);
    }
  });

  it('places only the components it names and refuses unknown names', async () => {
    const [api, migrate] = await rewrite('topology', { stage: 'canary', components: ['migrate'] });
    assert.deepEqual(api?.['scopes'], anApplication().components[0]?.['scopes']);
    assert.deepEqual(migrate?.['scopes'], [{ scopeRef: { kind: 'Stage', name: 'canary' } }]);
    await assert.rejects(rewrite('topology', { stage: 'canary', components: ['web'] }), /does not have: web/);
  });
});
