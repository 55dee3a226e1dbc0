import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { evaluateBundle, PluginHarness, type PolicyResult } from '@appmanager/plugin-sdk';
import { buildDeploymentDag } from '../../dag/domain/deployment-dag.js';
import { ApplicationInvalidError } from './application-invalid.error.js';
import { type ApplicationModel } from './application.model.js';
import { parseApplication } from './parse-application.js';
import { fromPolicyDocument, toPolicyDocument } from './policy-document.js';

/** The shipped core-policies bundle (built by `npx tsc -b plugins/core-policies`), as the sandbox loads it. */
function policy(type: string): PluginHarness {
  const file = fileURLToPath(new URL(`../../../../../plugins/core-policies/dist/definitions/${type}.policy.cjs`, import.meta.url));
  assert.ok(existsSync(file), `${file} is missing: run npx tsc -b plugins/core-policies`);
  return new PluginHarness(evaluateBundle(readFileSync(file, 'utf8')), { kind: 'Policy', capabilities: {} });
}

/** What the deploy step does with `properties.policies`: each named policy rewrites the application in turn. */
async function applyPolicies(app: ApplicationModel, names: string[]): Promise<ApplicationModel> {
  let current = app;
  for (const name of names) {
    const spec = current.policies.find((p) => p.name === name);
    assert.ok(spec, `policy ${name} is declared`);
    const result = await policy(spec.type).call<PolicyResult>('rewrite', {
      policy: { type: spec.type, name },
      properties: spec.properties,
      application: toPolicyDocument(current),
    });
    current = fromPolicyDocument(current, result.application, name);
  }
  return current;
}

const configuration = {
  apiVersion: 'core.oam.dev/v1alpha2',
  kind: 'ApplicationConfiguration',
  metadata: { name: 'shop', annotations: { clusterId: 'sim-1', namespaceId: 'shop', stageId: 'dev' } },
  spec: {
    components: [
      { revisionName: 'RESOURCE_ADDON|db@mysql|1.0', dataOutputs: [{ name: 'db.host', fieldPath: 'spec.host' }] },
      {
        revisionName: 'K8S_MICROSERVICE|api|_',
        properties: { image: 'api:1', replicas: 1 },
        scopes: [{ scopeRef: { kind: 'Namespace', name: 'shop' } }],
        traits: [{ name: 'scaler', spec: { replicas: 1 } }],
      },
    ],
    policies: [
      {
        type: 'override',
        name: 'override-prod',
        properties: {
          components: [
            {
              revisionName: 'K8S_MICROSERVICE|api|_',
              properties: { replicas: 3 },
              traits: [
                { name: 'scaler', spec: { replicas: 5 } },
                { name: 'ingress', runtime: 'post', spec: { host: 'shop.example.com' } },
              ],
              scopes: [{ scopeRef: { kind: 'Namespace', name: 'shop-prod' } }, { scopeRef: { kind: 'Cluster', name: 'prod-eu-1' } }],
              dataInputs: [{ valueFrom: { dataOutputName: 'db.host' }, toFieldPaths: ['spec.env.DB_HOST'] }],
              dependencies: [{ component: 'RESOURCE_ADDON|db@mysql' }],
            },
          ],
        },
      },
    ],
    workflow: { steps: [{ type: 'deploy', name: 'deploy', properties: { policies: ['override-prod'] } }] },
  },
};

describe('policies rewrite the internal model (the shape deploy passes to rewrite)', () => {
  it('applies an override: properties patched, a trait replaced and one added by type, scopes changed, and the DAG follows', async () => {
    const app = parseApplication(configuration);
    const before = buildDeploymentDag(app);
    assert.deepEqual(
      before.nodes.map((n) => n.id),
      ['RESOURCE_ADDON|db@mysql', 'K8S_MICROSERVICE|api#scaler', 'K8S_MICROSERVICE|api'],
    );

    const rewritten = await applyPolicies(app, ['override-prod']);
    const api = rewritten.components.find((c) => c.id === 'K8S_MICROSERVICE|api');
    assert.deepEqual(api?.properties, { image: 'api:1', replicas: 3 });
    assert.deepEqual(api?.scopes, { namespace: 'shop-prod', cluster: 'prod-eu-1' });
    assert.deepEqual(
      api?.traits.map((t) => [t.type, t.runtime, t.properties]),
      [
        ['scaler', 'pre', { replicas: 5 }],
        ['ingress', 'post', { host: 'shop.example.com' }],
      ],
    );
    assert.deepEqual(api?.dataInputs, [{ from: 'db.host', toFieldPaths: ['spec.env.DB_HOST'] }]);
    assert.deepEqual(api?.dependencies, [{ component: 'RESOURCE_ADDON|db@mysql' }]);
    assert.deepEqual(
      rewritten.components.find((c) => c.kind === 'addon'),
      app.components[0],
      'a component no override names is left alone',
    );
    assert.deepEqual(app.components[1]?.traits.length, 1, 'the parsed application is left alone');

    const after = buildDeploymentDag(rewritten);
    assert.deepEqual(
      after.nodes.map((n) => n.id),
      ['RESOURCE_ADDON|db@mysql', 'K8S_MICROSERVICE|api#scaler', 'K8S_MICROSERVICE|api', 'K8S_MICROSERVICE|api#ingress'],
    );
    assert.deepEqual(after.edges, [
      { from: 'K8S_MICROSERVICE|api#scaler', to: 'K8S_MICROSERVICE|api', reason: 'pre-trait' },
      { from: 'K8S_MICROSERVICE|api', to: 'K8S_MICROSERVICE|api#ingress', reason: 'post-trait' },
      { from: 'RESOURCE_ADDON|db@mysql', to: 'K8S_MICROSERVICE|api#scaler', reason: 'data', data: 'db.host' },
    ]);
  });

  it('refuses what a policy returns in any other shape, naming the policy and the path', () => {
    const app = parseApplication(configuration);
    const document = toPolicyDocument(app);
    // AppManager's raw form for a trait (what the override policy used to write)
    (document.components[1] as { traits: unknown[] }).traits.push({ name: 'ingress', spec: { host: 'x' } });
    assert.throws(
      () => fromPolicyDocument(app, document, 'override-prod'),
      (error: unknown) =>
        error instanceof ApplicationInvalidError &&
        error.problems.some((p) => p.path === 'policy "override-prod" returned components[1].traits[1].type'),
    );
    const scoped = toPolicyDocument(app);
    (scoped.components[1] as { scopes: unknown }).scopes = [{ scopeRef: { kind: 'Namespace', name: 'x' } }];
    // what topology still returns (AppManager scopeRefs): refused rather than silently ignored
    assert.throws(() => fromPolicyDocument(app, scoped, 'topology-prod'), /policy "topology-prod" returned components\[1\]\.scopes/);
  });

  it('refuses a duplicate trait or a dependency on a component the application does not have', () => {
    const app = parseApplication(configuration);
    const duplicated = toPolicyDocument(app);
    const api = duplicated.components[1] as { traits: unknown[]; dependencies: unknown[] };
    api.traits.push(api.traits[0] as object);
    api.dependencies.push({ component: 'K8S_MICROSERVICE|cache' });
    assert.throws(
      () => fromPolicyDocument(app, duplicated, 'override-prod'),
      (error: unknown) =>
        error instanceof ApplicationInvalidError &&
        JSON.stringify(error.problems) ===
          JSON.stringify([
            {
              path: 'policy "override-prod" returned components[1].traits[1]',
              problem: 'trait "scaler" appears twice on "K8S_MICROSERVICE|api"',
            },
            {
              path: 'policy "override-prod" returned components[1].dependencies[0].component',
              problem: 'no component "K8S_MICROSERVICE|cache" in this application',
            },
          ]),
    );
  });
});
