import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ClusterSim } from '@appmanager/kube-sim';
import { type RunningService } from '@appmanager/service-host';
import { adminRequest as request } from '@appmanager/testing';
import { threeTierApplication } from '../testing/environment.fixture.js';
import { startDeployTestBed, type DeployTestBed } from '../testing/deploy-test-bed.js';

type Spec = { components: Record<string, unknown>[] };
const withSpec = (change: (spec: Spec) => void) => {
  const app = threeTierApplication();
  change(app['spec'] as Spec);
  return app;
};

describe('POST /v1/deployments:plan', () => {
  let sim: ClusterSim;
  let service: RunningService;

  let bed: DeployTestBed;

  before(async () => {
    bed = await startDeployTestBed({ label: 'deploy-plan' });
    ({ sim, service } = bed);
  });

  after(() => bed?.close());

  const plan = (configuration: unknown, target?: unknown) =>
    request(service.url)
      .post('/v1/deployments:plan')
      .send({ configuration, ...(target ? { target } : {}) });

  it('returns the DAG, its parallel levels, the critical path and the rendered, labelled manifests', async () => {
    const { body } = await plan(threeTierApplication()).expect(200);
    assert.deepEqual(body.levels, [['postgres|db', 'microservice|worker'], ['microservice|backend'], ['microservice|frontend']]);
    assert.deepEqual(body.criticalPath, { nodes: ['postgres|db', 'microservice|backend', 'microservice|frontend'], length: 3 });
    assert.deepEqual(body.workflow, { mode: 'StepByStep', steps: [{ name: 'deploy', type: 'deploy' }], edges: [] });
    const backend = body.nodes.find((n: { id: string }) => n.id === 'microservice|backend');
    const [deployment, service_] = backend.manifests;
    assert.equal(deployment.metadata.name, 'dev-shop-backend');
    assert.equal(service_.kind, 'Service');
    assert.deepEqual(deployment.spec.template.spec.containers[0].env, [{ name: 'DB_HOST', value: '<data:db.host>' }]);
    assert.deepEqual(
      [
        deployment.metadata.labels['appmanager.io/app'],
        deployment.metadata.labels['appmanager.io/component'],
        deployment.metadata.labels['appmanager.io/stage'],
      ],
      ['shop', 'backend', 'dev'],
    );
    assert.equal(body.nodes.find((n: { id: string }) => n.id === 'postgres|db').note, 'requested from the add-on service at run time');
    const objects = await request(sim.serverOf('sim-1'))
      .get('/apis/apps/v1/namespaces/shop/deployments')
      .set('Authorization', `Bearer ${sim.registry.tokenOf('sim-1')}`)
      .ca(sim.caPem ?? '')
      .expect(200);
    assert.deepEqual(objects.body.items, [], 'no cluster was touched');
  });

  it('shows each deploy step its own DAG: an apply-components step only what it names and what that needs', async () => {
    const gated = withSpec(() => undefined) as { spec: Record<string, unknown> };
    gated.spec['workflow'] = {
      steps: [
        { type: 'apply-components', name: 'backend-first', properties: { components: ['backend'] } },
        { type: 'suspend', name: 'approve' },
        { type: 'deploy', name: 'rest' },
      ],
    };
    const { body } = await plan(gated).expect(200);
    assert.deepEqual(
      body.deploySteps.map((s: { step: string; components: string[]; levels: string[][] }) => [s.step, s.components, s.levels]),
      [
        ['backend-first', ['postgres|db', 'microservice|backend'], [['postgres|db'], ['microservice|backend']]],
        [
          'rest',
          ['postgres|db', 'microservice|backend', 'microservice|frontend', 'microservice|worker'],
          [['postgres|db', 'microservice|worker'], ['microservice|backend'], ['microservice|frontend']],
        ],
      ],
    );
    assert.deepEqual(body.levels, [['postgres|db'], ['microservice|backend']], "the top-level graph is the first deploy step's");
  });

  it('answers 422 naming the path of an unknown type and of a schema violation', async () => {
    const { body } = await plan(
      withSpec((spec) => {
        (spec.components[3] as Record<string, unknown>)['type'] = 'mainframe';
        (spec.components[2] as { properties: Record<string, unknown> }).properties['replicas'] = 'many';
      }),
    ).expect(422);
    assert.deepEqual(body.issues, [
      { path: 'spec.components[2].properties.replicas', message: 'must be integer' },
      { path: 'spec.components[3].type', message: 'unknown Component type "mainframe"' },
    ]);
  });

  it('answers 422 for a data input nobody produces and for a cycle, naming it', async () => {
    const unproduced = await plan(
      withSpec(
        (spec) => void ((spec.components[3] as Record<string, unknown>)['inputs'] = [{ from: 'cache.host', to: ['properties.env.CACHE'] }]),
      ),
    ).expect(422);
    assert.deepEqual(unproduced.body.issues, [
      { path: 'spec.components[3].dataInputs[0]', message: 'no component, trait or add-on produces data output "cache.host"' },
    ]);
    const cyclic = await plan(
      withSpec((spec) => void ((spec.components[1] as Record<string, unknown>)['dependsOn'] = ['frontend'])),
    ).expect(422);
    assert.deepEqual(cyclic.body.issues, [
      { path: 'spec.components', message: 'dependency cycle: microservice|backend → microservice|frontend → microservice|backend' },
    ]);
  });

  it('answers 422 for a target environment that does not exist', async () => {
    const { body } = await plan(threeTierApplication(), { cluster: 'sim-1', namespace: 'shop', stage: 'prod' }).expect(422);
    assert.deepEqual(body.issues, [{ path: 'target.stage', message: 'stage "prod" does not exist in namespace "shop"' }]);
    const noCluster = await plan(threeTierApplication(), { cluster: 'mars', namespace: 'shop' }).expect(422);
    assert.equal(noCluster.body.message, 'target.cluster: cluster "mars" does not exist');
  });

  it("plans AppManager's ApplicationConfiguration, sent as YAML, with its parameterValues written at toFieldPaths", async () => {
    const yaml = [
      'apiVersion: core.oam.dev/v1alpha2',
      'kind: ApplicationConfiguration',
      'metadata:',
      '  name: legacy',
      '  annotations: {appId: legacy, clusterId: sim-1, namespaceId: shop, stageId: dev}',
      'spec:',
      '  parameterValues:',
      '  - {name: Global.IMAGE_TAG, value: "2.3"}',
      '  components:',
      '  - revisionName: K8S_MICROSERVICE|api|_',
      '    properties: {image: "legacy/api:{{ Global.IMAGE_TAG }}"}',
      '    parameterValues:',
      '    - {name: REPLICAS, value: 3, toFieldPaths: [spec.replicas]}',
      '    traits:',
      '    - {name: labels, runtime: pre, spec: {labels: {team: payments}}}',
    ].join('\n');
    const { body } = await plan(yaml).expect(200);
    const api = body.nodes.find((n: { id: string }) => n.id === 'K8S_MICROSERVICE|api');
    const [deployment] = api.manifests;
    assert.deepEqual(
      [deployment.metadata.name, deployment.spec.replicas, deployment.spec.template.spec.containers[0].image],
      ['dev-legacy-api', 3, 'legacy/api:2.3'],
    );
    assert.equal(deployment.metadata.labels.team, 'payments', 'the pre-trait patched the workload');
    assert.deepEqual(body.edges, [{ from: 'K8S_MICROSERVICE|api#labels', to: 'K8S_MICROSERVICE|api', reason: 'pre-trait' }]);
  });

  it('orders a DAG workflow by step stage in the planned workflow, and names a stage with no deploy step', async () => {
    const staged = { ...threeTierApplication() } as Record<string, unknown>;
    staged['spec'] = {
      ...(staged['spec'] as object),
      workflow: {
        mode: 'DAG',
        steps: [
          { type: 'webhook', name: 'smoke', stage: 'post-deploy', properties: { url: 'https://hooks.example.com/smoke' } },
          { type: 'deploy', name: 'deploy' },
        ],
      },
    };
    const { body } = await plan(staged).expect(200);
    assert.deepEqual(body.workflow.edges, [{ from: 'deploy', to: 'smoke' }]);
    const alone = {
      ...staged,
      spec: {
        ...(staged['spec'] as object),
        workflow: {
          mode: 'DAG',
          steps: [{ type: 'webhook', name: 'smoke', stage: 'post-deploy', properties: { url: 'https://hooks.example.com/smoke' } }],
        },
      },
    };
    const refused = await plan(alone).expect(422);
    assert.deepEqual(refused.body.issues, [
      { path: 'spec.workflow.steps[0].stage', message: 'stage "post-deploy" needs a deploy or apply-components step in its workflow' },
    ]);
  });

  const withPolicies = (policies: unknown[], stepPolicies: string[], change: (spec: Spec) => void = () => undefined) => {
    const app = withSpec(change);
    Object.assign(app['spec'] as object, {
      policies,
      workflow: { steps: [{ type: 'deploy', name: 'ship', properties: { policies: stepPolicies } }] },
    });
    return app;
  };
  type Node = {
    id: string;
    manifests: { metadata: { name: string; labels: Record<string, string> }; spec: { replicas: number } }[];
    target?: unknown;
  };
  const nodeOf = (body: { nodes: Node[] }, id: string) => body.nodes.find((n) => n.id === id) as Node;

  it("applies the policies a deploy step names before rendering: an override's replicas and trait show in the plan", async () => {
    const override = {
      type: 'override',
      name: 'production-size',
      properties: {
        components: [
          {
            name: 'backend',
            properties: { replicas: 3 },
            traits: [{ name: 'labels', runtime: 'pre', spec: { labels: { team: 'payments' } } }],
          },
        ],
      },
    };
    const { body } = await plan(withPolicies([override], ['production-size'])).expect(200);
    const [deployment] = nodeOf(body, 'microservice|backend').manifests;
    assert.equal(deployment?.spec.replicas, 3);
    assert.equal(deployment?.metadata.labels['team'], 'payments', 'the trait the override added patched the workload');
    assert.ok(nodeOf(body, 'microservice|backend#labels'), 'the added trait is a node of the DAG');
    assert.ok(
      body.edges.some((e: { from: string; to: string }) => e.from === 'microservice|backend#labels' && e.to === 'microservice|backend'),
    );
    const untouched = await plan(withPolicies([override], [])).expect(200);
    assert.equal(nodeOf(untouched.body, 'microservice|backend').manifests[0]?.spec.replicas, 1, 'a policy no step names changes nothing');
  });

  it('answers 422 naming the policy that fails or is not declared', async () => {
    const override = {
      type: 'override',
      name: 'production-size',
      properties: { components: [{ name: 'nope', properties: { replicas: 3 } }] },
    };
    const { body } = await plan(withPolicies([override], ['production-size'])).expect(422);
    assert.equal(body.issues.length, 1);
    assert.equal(body.issues[0].path, 'spec.workflow.steps[0].properties.policies[0]');
    assert.match(body.issues[0].message, /^policy "production-size" failed: /);
    const undeclared = await plan(withPolicies([], ['ghost'])).expect(422);
    assert.deepEqual(undeclared.body.issues, [
      {
        path: 'spec.workflow.steps[0].properties.policies[0]',
        message: 'policy "ghost" failed: policy "ghost" is not declared in spec.policies',
      },
    ]);
  });

  it('places a component on its own scopes (native or set by topology), named and labelled by its stage; an unknown scope is a 422', async () => {
    await request(service.url).post('/v1/namespaces').send({ id: 'ops-sim-1', clusterId: 'sim-1', name: 'ops' }).expect(201);
    await request(service.url).post('/v1/stages').send({ id: 'canary-ops-sim-1', namespaceId: 'ops-sim-1', name: 'canary' }).expect(201);
    const native = await plan(
      withSpec((spec) => void ((spec.components[3] as Record<string, unknown>)['scopes'] = { namespace: 'ops', stage: 'canary' })),
    ).expect(200);
    const topology = { type: 'topology', name: 'to-ops', properties: { namespace: 'ops', stage: 'canary', components: ['worker'] } };
    const policed = await plan(withPolicies([topology], ['to-ops'])).expect(200);
    for (const body of [native.body, policed.body]) {
      const worker = nodeOf(body, 'microservice|worker');
      assert.deepEqual(worker.target, { unit: 'eu', cluster: 'sim-1', namespace: 'ops', stage: 'canary' });
      assert.equal(worker.manifests[0]?.metadata.name, 'canary-shop-worker');
      assert.equal(worker.manifests[0]?.metadata.labels['appmanager.io/stage'], 'canary');
      const backend = nodeOf(body, 'microservice|backend');
      assert.equal(backend.target, undefined, 'the others stay on the deployment target');
      assert.equal(backend.manifests[0]?.metadata.name, 'dev-shop-backend');
    }
    const unknownCluster = await plan(
      withSpec((spec) => void ((spec.components[3] as Record<string, unknown>)['scopes'] = { cluster: 'mars' })),
    ).expect(422);
    assert.deepEqual(unknownCluster.body.issues, [{ path: 'spec.components[3].scopes.cluster', message: 'cluster "mars" does not exist' }]);
    const unknownStage = await plan(
      withSpec((spec) => void ((spec.components[3] as Record<string, unknown>)['scopes'] = { namespace: 'ops' })),
    ).expect(422);
    assert.deepEqual(unknownStage.body.issues, [
      { path: 'spec.components[3].scopes.stage', message: 'stage "dev" does not exist in namespace "ops"' },
    ]);
  });

  it('answers the same plan to POST /v1/deployments?dryRun=true and records no deployment', async () => {
    const { body } = await request(service.url)
      .post('/v1/deployments?dryRun=true')
      .send({ appId: 'shop', configuration: threeTierApplication() })
      .expect(200);
    assert.deepEqual(body.levels, [['postgres|db', 'microservice|worker'], ['microservice|backend'], ['microservice|frontend']]);
    const refused = await request(service.url)
      .post('/v1/deployments?dryRun=true')
      .send({
        appId: 'shop',
        configuration: withSpec((spec) => void ((spec.components[3] as Record<string, unknown>)['type'] = 'mainframe')),
      })
      .expect(422);
    assert.equal(refused.body.message, 'spec.components[3].type: unknown Component type "mainframe"');
    const listed = await request(service.url).get('/v1/deployments?appId=shop').expect(200);
    assert.equal(listed.body.total, 0);
    await request(service.url).get('/v1/deployments?state=SLEEPING').expect(422);
  });
});
