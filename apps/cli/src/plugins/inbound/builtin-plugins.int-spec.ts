import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { dryRunDefinition, packPlugin, unpackPlugin } from '@appmanager/plugin-package';
import { PluginRuntime, isPluginError } from '@appmanager/plugin-runtime';
import type { KubeObject } from '@appmanager/plugin-sdk';

const PLUGINS_DIR = fileURLToPath(new URL('../../../../../plugins/', import.meta.url));
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', labels: { app: 'api' } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'api' } },
    template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'api:1' }] } },
  },
};
const traitInput = (type: string, properties: object) => ({
  trait: { type, name: type, runtime: 'pre' },
  component: { type: 'microservice', name: 'api' },
  properties,
  workload: deployment,
});
// a stale ConfigMap digest beside the Secret's true one (computed here by node:crypto, there by the bundle's SHA-256)
const secretDigest = createHash('sha256').update('{"binaryData":{},"data":{"password":"cw=="}}').digest('hex').slice(0, 16);
const configuredDeployment = {
  ...deployment,
  spec: {
    ...deployment.spec,
    template: {
      metadata: { labels: { app: 'api' }, annotations: { 'appmanager.io/config-hash': `configmap/app=stale,secret/db=${secretDigest}` } },
      spec: { containers: [{ name: 'api', image: 'api:1', envFrom: [{ configMapRef: { name: 'app' } }, { secretRef: { name: 'db' } }] }] },
    },
  },
};
const addonInput = (type: string, properties: object, secrets: Record<string, string>) => ({
  addon: { type, name: 'orders-db' },
  properties,
  instance: { id: '1a2b3c4d', name: 'orders-db-1a2b3c4d', cluster: 'dry-run', namespace: 'dry-run' },
  secrets,
});
const stepInput = (type: string, properties: object) => ({ step: { type, name: type }, properties, inputs: {}, workflowContext: {} });
const application = {
  components: [{ id: 'microservice|api', type: 'microservice', name: 'api', properties: { image: 'api:1' }, scopes: {} }],
};

/** One call per built-in definition, with what a correct result looks like (or the error it must give). */
const SAMPLES: Record<
  string,
  (
    { fn: string; input: object; expect: (value: unknown, cluster: KubeObject[]) => void } | { fn: string; input: object; rejects: RegExp }
  ) & {
    cluster?: object[];
  }
> = {
  'Component/microservice': {
    fn: 'render',
    input: { component: { type: 'microservice', name: 'api' }, properties: { image: 'api:1', ports: [{ containerPort: 80 }] } },
    expect: (v) =>
      assert.deepEqual(
        (v as { resources: Array<{ kind: string }> }).resources.map((r) => r.kind),
        ['Deployment', 'Service'],
      ),
  },
  'Component/job': {
    fn: 'render',
    input: { component: { type: 'job', name: 'migrate' }, properties: { image: 'm:1' } },
    expect: (v) => assert.equal((v as { resources: Array<{ kind: string }> }).resources[0]?.kind, 'Job'),
  },
  'Component/k8s-objects': {
    fn: 'status',
    input: {
      component: { type: 'k8s-objects', name: 'x' },
      properties: { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }] },
    },
    expect: (v) => assert.deepEqual(v, { state: 'PENDING', message: 'not found: ConfigMap/c' }),
  },
  'Component/kustomize': {
    fn: 'render',
    input: {
      component: { type: 'kustomize', name: 'base' },
      properties: {
        kustomization: { path: '.', sha256: 'a'.repeat(64) },
        objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }],
      },
    },
    expect: (v) => assert.match(JSON.stringify(v), /"appmanager.io\/kustomization-sha256":"a{64}"/),
  },
  'Component/helm': {
    fn: 'render',
    input: {
      component: { type: 'helm', name: 'chart' },
      properties: { spec: { chart: 'demo', repoUrl: 'https://charts.local', name: 'demo' } },
    },
    expect: (v) =>
      assert.deepEqual(
        (v as { resources: Array<{ kind: string }> }).resources.map((r) => r.kind),
        ['HelmRelease', 'HelmRepository'],
      ),
  },
  'Trait/service': {
    fn: 'apply',
    input: traitInput('service', { ports: [{ port: 80 }] }),
    expect: (v) => assert.equal((v as { resources: Array<{ kind: string }> }).resources[0]?.kind, 'Service'),
  },
  'Trait/ingress': {
    fn: 'apply',
    input: traitInput('ingress', { host: 'a.example.com', servicePort: 80 }),
    expect: (v) => assert.equal((v as { resources: Array<{ kind: string }> }).resources[0]?.kind, 'Ingress'),
  },
  'Trait/gateway': {
    fn: 'apply',
    input: traitInput('gateway', { path: '/api/**' }),
    expect: (v) => assert.match(JSON.stringify(v), /"kind":"Ingress".*"path":"\/api","pathType":"Prefix"/),
  },
  'Trait/timezone': {
    fn: 'apply',
    input: traitInput('timezone', { timezone: 'UTC' }),
    expect: (v) => assert.match(JSON.stringify(v), /"mountPath":"\/etc\/localtime"/),
  },
  'Trait/scaler': {
    fn: 'apply',
    input: traitInput('scaler', { replicas: 4 }),
    expect: (v) => assert.equal((v as { workload: { spec: { replicas: number } } }).workload.spec.replicas, 4),
  },
  'Trait/env': {
    fn: 'apply',
    input: traitInput('env', { env: { A: '1' } }),
    expect: (v) => assert.match(JSON.stringify(v), /"name":"A","value":"1"/),
  },
  'Trait/sidecar': {
    fn: 'apply',
    input: traitInput('sidecar', { name: 'proxy', image: 'envoy' }),
    expect: (v) => assert.match(JSON.stringify(v), /"name":"proxy","image":"envoy"/),
  },
  'Trait/labels': {
    fn: 'apply',
    input: traitInput('labels', { labels: { team: 'shop' } }),
    expect: (v) => assert.match(JSON.stringify(v), /"team":"shop"/),
  },
  'Trait/reload-on-config-change': {
    fn: 'watch',
    input: { ...traitInput('reload-on-config-change', {}), workload: configuredDeployment },
    cluster: [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' }, data: { MODE: 'green' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: 'cw==' } },
    ],
    expect: (v) => assert.deepEqual(v, { state: 'RUNNING', message: 'reloaded: configmap/app changed' }),
  },
  'Policy/topology': {
    fn: 'rewrite',
    input: { policy: { type: 'topology', name: 't' }, properties: { namespace: 'prod' }, application },
    expect: (v) => assert.match(JSON.stringify(v), /"scopes":\{[^}]*"namespace":"prod"/),
  },
  'Policy/override': {
    fn: 'rewrite',
    input: {
      policy: { type: 'override', name: 'o' },
      properties: { components: [{ name: 'api', properties: { replicas: 2 } }] },
      application,
    },
    expect: (v) => assert.match(JSON.stringify(v), /"replicas":2/),
  },
  'WorkflowStep/deploy': {
    fn: 'execute',
    input: stepInput('deploy', {}),
    expect: (v) => assert.equal((v as { outcome: string }).outcome, 'succeeded'),
  },
  'WorkflowStep/apply-components': {
    fn: 'execute',
    input: stepInput('apply-components', { components: ['api'] }),
    expect: (v) => assert.match(JSON.stringify(v), /"components":\["api"\]/),
  },
  'WorkflowStep/suspend': {
    fn: 'execute',
    input: stepInput('suspend', {}),
    expect: (v) => assert.equal((v as { outcome: string }).outcome, 'suspend'),
  },
  'WorkflowStep/rollout-promotion': {
    fn: 'execute',
    input: stepInput('rollout-promotion', {}),
    expect: (v) => assert.equal((v as { outcome: string }).outcome, 'terminate'),
  },
  // Ships with an empty allow-list: the sandbox refuses the call, which shows the bundle loaded and ran.
  'WorkflowStep/webhook': {
    fn: 'execute',
    input: stepInput('webhook', { url: 'https://hooks.example.com/x' }),
    rejects: /not allow-listed/,
  },
  'Addon/postgres-database': {
    fn: 'apply',
    input: addonInput('postgres-database', {}, { password: 'generated-by-the-host' }),
    expect: (v) =>
      assert.deepEqual((v as { outputs: Record<string, unknown> }).outputs, {
        host: 'postgres.dry-run',
        port: 5432,
        database: 'orders_db_1a2b3c4d',
        username: 'orders_db_1a2b3c4d',
        password: 'generated-by-the-host',
        uri: 'postgresql://orders_db_1a2b3c4d:generated-by-the-host@postgres.dry-run:5432/orders_db_1a2b3c4d',
      }),
  },
  'Addon/system-env': {
    fn: 'apply',
    input: addonInput('system-env', { spec: { keys: ['DB_HOST'], env: { DB_HOST: 'from-the-file' } } }, {}),
    expect: (v) => assert.deepEqual((v as { outputs: unknown }).outputs, { env: { DB_HOST: 'from-the-file' } }),
  },
  'Addon/s3-bucket': {
    fn: 'apply',
    input: addonInput('s3-bucket', {}, {}),
    expect: (v) =>
      assert.deepEqual((v as { outputs: unknown }).outputs, {
        bucket: 'orders-db-1a2b3c4d',
        endpoint: 'http://s3.dry-run:9000',
        region: 'us-east-1',
      }),
  },
  'Addon/k8s-shared-objects': {
    fn: 'apply',
    input: addonInput(
      'k8s-shared-objects',
      { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared' }, data: { a: '1' } }] },
      {},
    ),
    expect: (v) => assert.match(JSON.stringify(v), /shared/),
  },
  // AppManager's form (spec.environments, spec.configuration.git): a GitRepository and the Terraform CR in the fake cluster
  'Addon/terraform': {
    fn: 'apply',
    input: addonInput(
      'terraform',
      { spec: { environments: [{ name: 'A', value: 'B' }], configuration: { git: { repo: 'pe3/terraform-test.git', branch: 'master' } } } },
      {},
    ),
    expect: (v, cluster) => {
      assert.deepEqual((v as { outputs: unknown }).outputs, { secretName: 'orders-db-1a2b3c4d-outputs', terraform: 'orders-db-1a2b3c4d' });
      const tf = cluster.find((o) => o.kind === 'Terraform');
      assert.equal(tf?.apiVersion, 'infra.contrib.fluxcd.io/v1alpha2');
      assert.deepEqual(tf?.['spec'] && (tf['spec'] as { vars: unknown }).vars, [{ name: 'A', value: 'B' }]);
      assert.deepEqual((tf?.['spec'] as { writeOutputsToSecret: unknown }).writeOutputsToSecret, { name: 'orders-db-1a2b3c4d-outputs' });
      const git = cluster.find((o) => o.kind === 'GitRepository');
      assert.deepEqual(git?.['spec'], { interval: '10m', url: 'https://github.com/pe3/terraform-test.git', ref: { branch: 'master' } });
    },
  },
  // AppManager's INTERNAL_ADDONs: the package content kept as a ConfigMap labelled for the app (the host's names it)
  ...Object.fromEntries(
    ['appmeta', 'developmentmeta', 'productopsv2'].map((type) => [
      `Addon/${type}`,
      {
        fn: 'apply',
        input: addonInput(type, { kind: 'Config', spec: {}, options: { a: 1 }, content: null, appId: 'orders' }, {}),
        expect: (_v: unknown, cluster: KubeObject[]) => {
          const map = cluster.find((o) => o.kind === 'ConfigMap');
          assert.equal(map?.metadata.labels?.['app.kubernetes.io/part-of'], 'dry-run');
          assert.equal((map?.['data'] as Record<string, string>)['option.json'], '{"a":1}');
        },
      },
    ]),
  ),
  'WorkflowStep/sub-workflow': {
    fn: 'execute',
    input: stepInput('sub-workflow', { steps: [{ type: 'suspend', name: 's' }] }),
    expect: (v) => assert.equal((v as { outcome: string }).outcome, 'succeeded'),
  },
};

describe('built-in plug-ins in the QuickJS sandbox', () => {
  const runtime = new PluginRuntime({ pool: { size: 1 } });
  after(() => runtime.close());
  const packages = readdirSync(PLUGINS_DIR).filter((name) => name.startsWith('core-'));

  it('has a package for each group', () => {
    assert.deepEqual(packages.sort(), ['core-addons', 'core-components', 'core-policies', 'core-traits', 'core-workflow']);
  });

  for (const name of packages) {
    it(`${name}: packs, unpacks and runs every definition once`, async () => {
      const plugin = await unpackPlugin((await packPlugin(`${PLUGINS_DIR}${name}`)).archive);
      for (const definition of plugin.manifest.definitions) {
        const id = `${definition.kind}/${definition.type}`;
        const sample = SAMPLES[id];
        assert.ok(sample, `no sample call for ${id}`);
        const run = dryRunDefinition(
          plugin,
          {
            kind: definition.kind,
            type: definition.type,
            fn: sample.fn,
            input: sample.input as Record<string, unknown>,
            ...(sample.cluster ? { cluster: sample.cluster as KubeObject[] } : {}),
          },
          runtime,
        );
        if ('rejects' in sample) {
          await assert.rejects(
            run,
            (error: unknown) => isPluginError(error) && sample.rejects.test(`${error.message} ${error.pluginMessage ?? ''}`),
            id,
          );
        } else {
          const result = await run;
          sample.expect(result.value, result.cluster);
        }
      }
    });
  }
});
