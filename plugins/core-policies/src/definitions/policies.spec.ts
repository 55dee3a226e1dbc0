import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PluginHarness, type JsonObject } from '@appmanager/plugin-sdk';
import { loadBundle } from '../testing/load-bundle.js';

const noData = { parameterValues: [], dataInputs: [], dataOutputs: [] };

/** What deploy passes to `rewrite`: its internal application model, as JSON. */
function anApplication(): { components: JsonObject[] } {
  return {
    components: [
      {
        id: 'microservice|api',
        kind: 'component',
        type: 'microservice',
        name: 'api',
        version: null,
        scopes: { namespace: 'default', cluster: 'master' },
        properties: { image: 'api:1', replicas: 1, env: { MODE: 'dev', DEBUG: 'true' } },
        traits: [{ type: 'scaler', runtime: 'pre', properties: { replicas: 1 }, ...noData }],
        parameterValues: [{ name: 'REPLICAS', value: 1, toFieldPaths: ['spec.replicas'] }],
        dataInputs: [],
        dataOutputs: [],
        dependencies: [],
      },
      {
        id: 'job|migrate',
        kind: 'component',
        type: 'job',
        name: 'migrate',
        version: null,
        scopes: {},
        properties: { image: 'migrate:1' },
        traits: [],
        parameterValues: [],
        dataInputs: [],
        dataOutputs: [],
        dependencies: [],
      },
    ],
  };
}

async function rewrite(type: string, properties: object, application = anApplication()) {
  const harness = new PluginHarness(loadBundle(`${type}.policy`), { kind: 'Policy', capabilities: {} });
  const result = await harness.call<{ application: { components: JsonObject[] } }>('rewrite', {
    policy: { type, name: `${type}-prod` },
    properties: properties as never,
    application: application as never,
  });
  return result.application.components;
}

describe('override policy', () => {
  it('patches the properties of the component it names and leaves the others alone', async () => {
    const [api, migrate] = await rewrite('override', {
      components: [{ revisionName: 'microservice|api|_', properties: { replicas: 3, env: { MODE: 'prod', DEBUG: null } } }],
    });
    assert.deepEqual(api?.['properties'], { image: 'api:1', replicas: 3, env: { MODE: 'prod' } });
    assert.deepEqual(migrate, anApplication().components[1]);
  });

  it('replaces a trait of the same type and adds a new one, in the model form, from either spelling', async () => {
    const [api] = await rewrite('override', {
      components: [
        {
          name: 'api',
          traits: [
            { type: 'scaler', properties: { replicas: 4 } },
            // AppManager's spelling: `name` is the trait type, `spec` its properties
            {
              name: 'ingress',
              runtime: 'post',
              spec: { host: 'shop.example.com' },
              dataOutputs: [{ name: 'api.url', fieldPath: 'status.url' }],
            },
          ],
          parameterValues: [
            { name: 'REPLICAS', value: 4, toFieldPaths: ['spec.replicas'] },
            { name: 'TIER', value: 'gold' },
          ],
        },
      ],
    });
    assert.deepEqual(api?.['traits'], [
      { type: 'scaler', runtime: 'pre', properties: { replicas: 4 }, ...noData },
      {
        type: 'ingress',
        runtime: 'post',
        properties: { host: 'shop.example.com' },
        parameterValues: [],
        dataInputs: [],
        dataOutputs: [{ name: 'api.url', fieldPath: 'status.url' }],
      },
    ]);
    assert.deepEqual(api?.['parameterValues'], [
      { name: 'REPLICAS', value: 4, toFieldPaths: ['spec.replicas'] },
      { name: 'TIER', value: 'gold', toFieldPaths: [] },
    ]);
  });

  it('changes scopes key by key, from the model form or AppManager scopeRefs, and null clears one', async () => {
    const [byObject] = await rewrite('override', {
      components: [{ id: 'microservice|api', scopes: { cluster: 'prod-eu-1', namespace: null, stage: 'prod' } }],
    });
    assert.deepEqual(byObject?.['scopes'], { cluster: 'prod-eu-1', stage: 'prod' });
    const [byScopeRef] = await rewrite('override', {
      components: [
        {
          revisionName: 'microservice|api|_',
          scopes: [{ scopeRef: { kind: 'Namespace', name: 'shop-prod' } }, { scopeRef: { kind: 'Unit', name: 'eu' } }],
        },
      ],
    });
    assert.deepEqual(byScopeRef?.['scopes'], { namespace: 'shop-prod', cluster: 'master', unit: 'eu' });
    await assert.rejects(
      rewrite('override', { components: [{ name: 'api', scopes: { region: 'eu' } }] }),
      /components\[0\]\.scopes\.region: not one of unit, cluster, namespace, stage/,
    );
  });

  it('normalises dataInputs and dependencies onto the model and keeps them distinct (no dependency becomes a data output)', async () => {
    const [, migrate] = await rewrite('override', {
      components: [
        {
          type: 'job',
          dataInputs: [{ valueFrom: { dataOutputName: 'db.host' }, toFieldPaths: ['spec.env.DB_HOST'] }],
          dependencies: [{ component: 'microservice|api|_', condition: 'ready' }],
        },
      ],
    });
    assert.deepEqual(migrate?.['dataInputs'], [{ from: 'db.host', toFieldPaths: ['spec.env.DB_HOST'] }]);
    assert.deepEqual(migrate?.['dependencies'], [{ component: 'microservice|api', condition: 'ready' }]);
    assert.deepEqual(migrate?.['dataOutputs'], []);
  });

  it('names an override that matches no component, and a malformed trait', async () => {
    await assert.rejects(
      rewrite('override', { components: [{ revisionName: 'helm|chart|_', properties: {} }] }),
      /components\[0\] \(helm\|chart\) matches no component/,
    );
    await assert.rejects(
      rewrite('override', { components: [{ name: 'api', traits: [{ properties: {} }] }] }),
      /components\[0\]\.traits\[0\]: a trait needs a type/,
    );
  });
});

/** An application in deploy's model, where a component's placement is `scopes: { unit?, cluster?, namespace?, stage? }`. */
function aModelApplication(): { components: JsonObject[] } {
  return {
    components: [
      { id: 'microservice|api', type: 'microservice', name: 'api', scopes: { namespace: 'default', cluster: 'master' } },
      { id: 'job|migrate', type: 'job', name: 'migrate', properties: { image: 'migrate:1' }, scopes: {} },
    ],
  };
}

describe('topology policy', () => {
  it('puts every component on the given cluster and namespace, replacing those keys of its scopes', async () => {
    const components = await rewrite('topology', { cluster: 'prod-eu-1', namespace: 'shop-prod' }, aModelApplication());
    for (const component of components) assert.deepEqual(component['scopes'], { cluster: 'prod-eu-1', namespace: 'shop-prod' });
  });

  it('places only the components it names and refuses unknown names', async () => {
    const [api, migrate] = await rewrite('topology', { stage: 'canary', components: ['migrate'] }, aModelApplication());
    assert.deepEqual(api?.['scopes'], aModelApplication().components[0]?.['scopes']);
    assert.deepEqual(migrate?.['scopes'], { stage: 'canary' });
    await assert.rejects(rewrite('topology', { stage: 'canary', components: ['web'] }, aModelApplication()), /does not have: web/);
  });
});
