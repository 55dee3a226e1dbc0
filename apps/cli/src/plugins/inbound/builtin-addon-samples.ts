import assert from 'node:assert/strict';
import type { KubeObject } from '@appmanager/plugin-sdk';

/** A call of a built-in definition and what a correct result looks like (or the error it must give). */
export type Sample = (
  { fn: string; input: object; expect: (value: unknown, cluster: KubeObject[]) => void } | { fn: string; input: object; rejects: RegExp }
) & { cluster?: object[] };

const addonInput = (type: string, properties: object, secrets: Record<string, string>) => ({
  addon: { type, name: 'orders-db' },
  properties,
  instance: { id: '1a2b3c4d', name: 'orders-db-1a2b3c4d', cluster: 'dry-run', namespace: 'dry-run' },
  secrets,
});

/** The built-in add-ons (core-addons), one sample each. */
export const addonSamples: Record<string, Sample> = {
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
  // AppManager's INTERNAL_ADDON|appmeta, developmentmeta, productopsv2: package content kept as a ConfigMap labelled for the app
  ...Object.fromEntries(
    ['appmeta', 'developmentmeta', 'productopsv2'].map((type) => [
      `Addon/${type}`,
      {
        fn: 'apply',
        input: addonInput(type, { kind: 'Config', spec: {}, options: { a: 1 }, content: null, appId: 'orders' }, {}),
        expect: (_v: unknown, cluster: { kind: string; metadata: { labels?: Record<string, string> } }[]) => {
          const map = cluster.find((o) => o.kind === 'ConfigMap') as {
            metadata: { labels?: Record<string, string> };
            data?: Record<string, string>;
          };
          assert.equal(map?.metadata.labels?.['app.kubernetes.io/part-of'], 'dry-run', 'the app the host names wins');
          assert.equal(map?.data?.['option.json'], '{"a":1}');
        },
      },
    ]),
  ),
};
