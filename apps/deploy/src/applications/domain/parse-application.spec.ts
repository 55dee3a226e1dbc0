import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { aComponent, anApplication, aThreeTierApplication } from '../testing/application.builder.js';
import { ApplicationInvalidError } from './application-invalid.error.js';
import { parseApplication } from './parse-application.js';

function problemsOf(input: unknown): { path: string; problem: string }[] {
  try {
    parseApplication(input);
  } catch (error) {
    assert.ok(error instanceof ApplicationInvalidError, `expected ApplicationInvalidError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail('expected the application to be refused');
}

describe(parseApplication.name, () => {
  it('reads an ApplicationConfiguration with revision names, scopes, traits, data inputs and outputs', () => {
    const doc = anApplication('app')
      .withParameter('APP_ID', 'app')
      .withComponent(
        aComponent('K8S_MICROSERVICE', 'app')
          .dependingOn('RESOURCE_ADDON|system-env@system-env')
          .withParameter('REPLICAS', 1, 'spec.replicas')
          .inScope('Cluster', 'master')
          .inScope('Namespace', 'default')
          .inScope('Stage', 'dev')
          .withTrait('gateway.trait.abm.io', 'post', { path: '/sreworks/**' })
          .withTrait('env.trait')
          .consuming('Global.DB_HOST', 'spec.env.DB_HOST'),
      )
      .withComponent(aComponent('RESOURCE_ADDON', 'system-env@system-env', '1.0').producing('Global.DB_HOST', '{{ spec.env.DB_HOST }}'))
      .build();

    const app = parseApplication(stringify(doc));

    const [main, addon] = app.components;
    assert.deepEqual(
      { id: main?.id, kind: main?.kind, version: main?.version, scopes: main?.scopes },
      { id: 'K8S_MICROSERVICE|app', kind: 'component', version: null, scopes: { cluster: 'master', namespace: 'default', stage: 'dev' } },
    );
    assert.deepEqual(main?.dependencies, [{ component: 'RESOURCE_ADDON|system-env@system-env' }]);
    assert.deepEqual(main?.parameterValues, [{ name: 'REPLICAS', value: 1, toFieldPaths: ['spec.replicas'] }]);
    assert.deepEqual(main?.dataInputs, [{ from: 'Global.DB_HOST', toFieldPaths: ['spec.env.DB_HOST'] }]);
    assert.deepEqual(
      main?.traits.map((t) => [t.type, t.runtime]),
      [
        ['gateway.trait.abm.io', 'post'],
        ['env.trait', 'pre'],
      ],
    );
    assert.deepEqual(
      { kind: addon?.kind, version: addon?.version, outputs: addon?.dataOutputs },
      {
        kind: 'addon',
        version: '1.0',
        outputs: [{ name: 'Global.DB_HOST', fieldPath: '{{ spec.env.DB_HOST }}' }],
      },
    );
    assert.deepEqual(app.parameterValues, [{ name: 'APP_ID', value: 'app', toFieldPaths: [] }]);
  });

  it('adds a default deploy step when there is no workflow, even when workflow is explicitly null', () => {
    const doc = aThreeTierApplication().build();
    (doc['spec'] as Record<string, unknown>)['workflow'] = null;
    const app = parseApplication(doc);
    assert.deepEqual(
      app.workflow.steps.map((s) => [s.type, s.name]),
      [['deploy', 'deploy']],
    );
    assert.deepEqual(app.target, { cluster: 'c1', namespace: 'shop', stage: 'dev' });
  });

  it('maps the native form onto the same model as the AppManager dialect', () => {
    const native = parseApplication({
      apiVersion: 'appmanager.io/v1',
      kind: 'Application',
      metadata: { name: 'shop' },
      spec: {
        target: { cluster: 'c1', namespace: 'shop', stage: 'dev' },
        components: [
          { name: 'db', type: 'postgres', addon: true, outputs: [{ name: 'db.host', from: '{{ outputs.host }}' }] },
          {
            name: 'backend',
            type: 'microservice',
            properties: { image: 'shop/backend:1' },
            inputs: [{ from: 'db.host', to: ['properties.env.DB_HOST'] }],
            dependsOn: ['db'],
            traits: [{ type: 'service', runtime: 'post' }],
          },
        ],
        workflow: { steps: [{ type: 'deploy', name: 'ship', timeout: '5m', retry: { maxAttempts: 3, backoff: '2s' } }] },
      },
    });
    const legacy = parseApplication(
      anApplication('shop')
        .targeting({ clusterId: 'c1', namespaceId: 'shop', stageId: 'dev' })
        .withComponent(aComponent('RESOURCE_ADDON', 'postgres@db'))
        .build(),
    );
    const backend = native.components[1];
    assert.equal(native.components[0]?.kind, 'addon');
    assert.deepEqual(backend?.dependencies, [{ component: 'postgres|db' }]);
    assert.deepEqual(backend?.dataInputs, [{ from: 'db.host', toFieldPaths: ['properties.env.DB_HOST'] }]);
    assert.deepEqual(native.target, legacy.target);
    assert.deepEqual(native.workflow.steps[0]?.timeoutMs, 300_000);
    assert.deepEqual(native.workflow.steps[0]?.retry, { maxAttempts: 3, initialBackoffMs: 2000, maxBackoffMs: 60_000, factor: 2 });
  });

  it('names the path of a malformed revisionName', () => {
    const doc = anApplication().withComponent(aComponent('microservice', 'ok')).build();
    ((doc['spec'] as { components: Record<string, unknown>[] }).components[0] as Record<string, unknown>)['revisionName'] =
      'microservice|web';
    assert.deepEqual(problemsOf(doc), [
      { path: 'spec.components[0].revisionName', problem: '"microservice|web" is not TYPE|NAME|VERSION (use _ for the packaged version)' },
    ]);
  });

  it('names the path of a schema violation deep in a trait', () => {
    const doc = anApplication()
      .withComponent(aComponent('microservice', 'web').withTrait('service', 'sideways' as 'pre'))
      .build();
    const [problem] = problemsOf(doc);
    assert.equal(problem?.path, 'spec.components[0].traits[0].runtime');
    assert.match(problem?.problem ?? '', /pre|post/);
  });

  it("reads AppManager's own form: an inline workload that paths address, and scopes rendered from its global parameters", () => {
    const doc = anApplication('upload')
      .withParameter('CLUSTER_ID', 'sim-1')
      .withComponent(
        aComponent('K8S_MICROSERVICE', 'filemanage')
          .withWorkload({
            apiVersion: 'apps.abm.io/v1',
            kind: 'Microservice',
            spec: { replicas: 1, containers: [{ name: 'main', image: 'upload:1' }] },
          })
          .withParameter('REPLICAS', 2, 'spec.replicas')
          .inScope('Cluster', '{{ Global.CLUSTER_ID }}'),
      )
      .build();
    const [component] = parseApplication(doc).components;
    assert.equal(component?.fieldPaths, 'properties');
    assert.equal((component?.properties as { kind: string }).kind, 'Microservice');
    assert.deepEqual(component?.scopes, { cluster: 'sim-1' });
  });

  it('refuses a component whose workload only an app package could give, and a bare deploy-config type, saying why', () => {
    const doc = anApplication('testapp').withComponent(aComponent('K8S_MICROSERVICE', 'server').fromPackage()).build();
    const [problem] = problemsOf(doc);
    assert.equal(problem?.path, 'spec.components[0].revisionName');
    assert.match(
      problem?.problem ?? '',
      /takes its workload from the app package of "testapp" .* which was not resolved against it .*; give the component its workload inline/,
    );
    const bare = anApplication().withComponent(aComponent('K8S_MICROSERVICE', 'x')).build() as {
      spec: { components: { revisionName: string }[] };
    };
    (bare.spec.components[0] as { revisionName: string }).revisionName = 'K8S_MICROSERVICE';
    assert.match(problemsOf(bare)[0]?.problem ?? '', /bare component type: in AppManager that is a deploy-config template/);
  });

  it('refuses a dependency on a component the application does not have', () => {
    const doc = anApplication().withComponent(aComponent('microservice', 'web').dependingOn('microservice|api')).build();
    assert.deepEqual(problemsOf(doc), [
      { path: 'spec.components[0].dependencies[0].component', problem: 'no component "microservice|api" in this application' },
    ]);
  });

  it('refuses the same trait twice on one component and the same component twice', () => {
    const doc = anApplication()
      .withComponent(aComponent('microservice', 'web').withTrait('service').withTrait('service', 'post'))
      .withComponent(aComponent('microservice', 'web'))
      .build();
    assert.deepEqual(
      problemsOf(doc).map((p) => p.path),
      ['spec.components[0].traits[1]', 'spec.components[1]'],
    );
  });

  it('refuses an unknown kind, broken YAML and an unknown native dependency, naming each', () => {
    assert.equal(problemsOf({ kind: 'Deployment' })[0]?.path, 'kind');
    assert.match(problemsOf('spec: [unclosed')[0]?.problem ?? '', /not valid YAML/);
    const native = {
      apiVersion: 'appmanager.io/v1',
      kind: 'Application',
      metadata: { name: 'shop' },
      spec: { components: [{ name: 'web', type: 'microservice', dependsOn: ['api'] }] },
    };
    assert.deepEqual(problemsOf(native), [
      { path: 'spec.components[0].dependsOn[0]', problem: 'no component named "api" in this application' },
    ]);
  });

  it("carries a step's stage onto the model, which AppManager parsed and dropped", () => {
    const doc = anApplication()
      .withComponent(aComponent('microservice', 'web'))
      .withStep({ type: 'deploy', name: 'ship' })
      .withStep({ type: 'webhook', name: 'smoke', stage: 'post-deploy' })
      .build();
    assert.deepEqual(
      parseApplication(doc).workflow.steps.map((s) => [s.name, s.stage]),
      [
        ['ship', undefined],
        ['smoke', 'post-deploy'],
      ],
    );
  });

  it('refuses a sub-workflow step without steps and a bad step timeout', () => {
    const doc = anApplication()
      .withComponent(aComponent('microservice', 'web'))
      .withStep({ type: 'sub-workflow', name: 'nested' })
      .withStep({ type: 'deploy', name: 'd', timeout: 'soon' })
      .build();
    const paths = problemsOf(doc).map((p) => p.path);
    assert.deepEqual(paths, ['spec.workflow.steps[1].timeout']);
    const nested = anApplication()
      .withComponent(aComponent('microservice', 'web'))
      .withStep({ type: 'sub-workflow', name: 'nested' })
      .build();
    assert.deepEqual(problemsOf(nested), [{ path: 'spec.workflow.steps[0].steps', problem: 'a sub-workflow step needs its own steps' }]);
  });

  it("reads the sub-workflow plug-in's properties.steps as a child workflow", () => {
    const doc = anApplication()
      .withComponent(aComponent('microservice', 'web'))
      .withStep({
        type: 'sub-workflow',
        name: 'release',
        properties: {
          steps: [
            { type: 'deploy', name: 'ship' },
            { type: 'suspend', name: 'verify' },
          ],
        },
      })
      .build();
    const [release] = parseApplication(doc).workflow.steps;
    assert.deepEqual(
      release?.subWorkflow?.steps.map((s) => s.name),
      ['ship', 'verify'],
    );
    const bad = anApplication()
      .withComponent(aComponent('microservice', 'web'))
      .withStep({ type: 'sub-workflow', name: 'r', properties: { steps: [{ name: 'no-type' }] } })
      .build();
    assert.equal(problemsOf(bad)[0]?.path, 'spec.workflow.steps[0].properties.steps[0].type');
  });
});
