import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationInvalidError } from '../../applications/domain/application-invalid.error.js';
import { parseApplication } from '../../applications/domain/parse-application.js';
import { aComponent, anApplication, aThreeTierApplication } from '../../applications/testing/application.builder.js';
import { criticalPath, parallelLevels } from './dag-analysis.js';
import { buildDeploymentDag } from './deployment-dag.js';

const edgesOf = (dag: ReturnType<typeof buildDeploymentDag>) =>
  dag.edges.map((e) => `${e.from} -> ${e.to} (${e.reason}${e.data ? ` ${e.data}` : ''})`);

function refusal(doc: Record<string, unknown>): ApplicationInvalidError {
  try {
    buildDeploymentDag(parseApplication(doc));
  } catch (error) {
    assert.ok(error instanceof ApplicationInvalidError);
    return error;
  }
  assert.fail('expected the DAG to be refused');
}

describe(buildDeploymentDag.name, () => {
  it('orders the three-tier application by its data and runs the independent worker in the first level', () => {
    const dag = buildDeploymentDag(parseApplication(aThreeTierApplication().build()));

    assert.deepEqual(
      dag.nodes.map((n) => [n.id, n.kind]),
      [
        ['RESOURCE_ADDON|postgres@db', 'addon'],
        ['microservice|backend', 'component'],
        ['microservice|backend#service', 'trait'],
        ['microservice|frontend', 'component'],
        ['microservice|worker', 'component'],
      ],
    );
    assert.deepEqual(edgesOf(dag), [
      'microservice|backend -> microservice|backend#service (post-trait)',
      'RESOURCE_ADDON|postgres@db -> microservice|backend (data db.host)',
      'microservice|backend -> microservice|frontend (data backend.url)',
    ]);
    assert.deepEqual(parallelLevels(dag), [
      ['RESOURCE_ADDON|postgres@db', 'microservice|worker'],
      ['microservice|backend'],
      ['microservice|backend#service', 'microservice|frontend'],
    ]);
    assert.deepEqual(criticalPath(dag), {
      nodes: ['RESOURCE_ADDON|postgres@db', 'microservice|backend', 'microservice|backend#service'],
      length: 3,
    });
  });

  it('puts pre-traits before their component in declaration order and a dependency after the whole chain', () => {
    const doc = anApplication()
      .withComponent(aComponent('microservice', 'api').withTrait('env').withTrait('sidecar', 'pre').withTrait('ingress', 'post'))
      .withComponent(aComponent('microservice', 'web').withTrait('labels').dependingOn('microservice|api'))
      .build();
    const dag = buildDeploymentDag(parseApplication(doc));
    assert.deepEqual(edgesOf(dag), [
      'microservice|api#env -> microservice|api#sidecar (pre-trait)',
      'microservice|api#sidecar -> microservice|api (pre-trait)',
      'microservice|api -> microservice|api#ingress (post-trait)',
      'microservice|web#labels -> microservice|web (pre-trait)',
      'microservice|api#ingress -> microservice|web#labels (dependency)',
    ]);
  });

  it('weighs the critical path by measured durations, not node count', () => {
    const doc = anApplication()
      .withComponent(aComponent('microservice', 'a'))
      .withComponent(aComponent('microservice', 'b').dependingOn('microservice|a'))
      .withComponent(aComponent('microservice', 'slow'))
      .build();
    const dag = buildDeploymentDag(parseApplication(doc));
    const seconds: Record<string, number> = { 'microservice|a': 1, 'microservice|b': 1, 'microservice|slow': 5 };
    assert.deepEqual(
      criticalPath(dag, (id) => seconds[id] ?? 0),
      { nodes: ['microservice|slow'], length: 5 },
    );
  });

  it('refuses a dataInputs name that nothing produces and names it', () => {
    const error = refusal(
      anApplication().withComponent(aComponent('microservice', 'web').consuming('Global.DB_HOST', 'spec.env.DB_HOST')).build(),
    );
    assert.deepEqual(error.problems, [
      { path: 'spec.components[0].dataInputs[0]', problem: 'no component, trait or add-on produces data output "Global.DB_HOST"' },
    ]);
  });

  it('refuses a cyclic dataInputs graph and names the cycle', () => {
    const doc = anApplication()
      .withComponent(aComponent('microservice', 'a').consuming('c.out', 'spec.x').producing('a.out', 'spec.y'))
      .withComponent(aComponent('microservice', 'b').consuming('a.out', 'spec.x').producing('b.out', 'spec.y'))
      .withComponent(aComponent('microservice', 'c').consuming('b.out', 'spec.x').producing('c.out', 'spec.y'))
      .build();
    assert.deepEqual(refusal(doc).problems, [
      { path: 'spec.components', problem: 'dependency cycle: microservice|a → microservice|b → microservice|c → microservice|a' },
    ]);
  });

  it('refuses two producers of one data output name', () => {
    const doc = anApplication()
      .withComponent(aComponent('microservice', 'a').producing('url', 'spec.x'))
      .withComponent(
        aComponent('microservice', 'b').withTrait('service', 'post', {}, { dataOutputs: [{ name: 'url', fieldPath: 'spec.y' }] }),
      )
      .build();
    assert.deepEqual(refusal(doc).problems, [
      { path: 'spec.components[1].traits[0].dataOutputs[0]', problem: 'data output "url" is already produced by "microservice|a"' },
    ]);
  });
});
