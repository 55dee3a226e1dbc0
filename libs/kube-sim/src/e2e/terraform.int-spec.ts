import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, KubernetesObjectApi, PatchStrategy, type KubernetesObject, type V1Secret } from '@kubernetes/client-node';
import { eventually, startHarness, type Harness } from '../test-support/sim-harness.js';

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}
type TerraformObject = KubernetesObject & {
  spec: Record<string, unknown>;
  status?: { observedGeneration?: number; lastAppliedRevision?: string; conditions?: Condition[] };
};

const NS = 'infra';
const API_VERSION = 'infra.contrib.fluxcd.io/v1alpha2';

function aTerraform(name: string, path: string, vars: Array<{ name: string; value: unknown }>): TerraformObject {
  return {
    apiVersion: API_VERSION,
    kind: 'Terraform',
    metadata: { name, namespace: NS },
    spec: {
      interval: '10m',
      path,
      approvePlan: 'auto',
      sourceRef: { kind: 'GitRepository', name: 'modules' },
      vars,
      writeOutputsToSecret: { name: `${name}-outputs` },
    },
  };
}

const decoded = (secret: V1Secret): Record<string, string> =>
  Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));

describe('a Terraform controller on a simulated cluster', () => {
  let h: Harness;
  let objects: KubernetesObjectApi;
  let core: CoreV1Api;

  const ready = (name: string) =>
    eventually(async () => {
      const live = (await objects.read({
        apiVersion: API_VERSION,
        kind: 'Terraform',
        metadata: { name, namespace: NS },
      })) as TerraformObject;
      const condition = live.status?.conditions?.find((c) => c.type === 'Ready');
      return condition && live.status?.observedGeneration === live.metadata?.generation ? { live, condition } : undefined;
    }, 5_000);
  const secretOf = (name: string) => core.readNamespacedSecret({ name, namespace: NS });

  before(async () => {
    h = await startHarness();
    const kc = h.kubeConfig('tf-1');
    objects = KubernetesObjectApi.makeApiClient(kc);
    core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: NS } } });
  });
  after(() => h.close());

  it("serves tf-controller's Terraform CRD from the start", async () => {
    const crd = await objects.read({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'terraforms.infra.contrib.fluxcd.io' },
    });
    assert.equal((crd as { spec?: { scope?: string } }).spec?.scope, 'Namespaced');
  });

  it('applies a Terraform: Ready (TerraformOutputsWritten) and its vars and id in an outputs Secret it owns', async () => {
    await objects.create(aTerraform('db', './modules/rds', [{ name: 'region', value: 'eu-west-1' }]));
    const { live, condition } = await ready('db');
    assert.deepEqual([condition.status, condition.reason], ['True', 'TerraformOutputsWritten']);
    assert.match(live.status?.lastAppliedRevision ?? '', /^main@sha1:[0-9a-f]{40}$/);
    const secret = await secretOf('db-outputs');
    const outputs = decoded(secret);
    assert.equal(outputs.region, 'eu-west-1');
    assert.match(outputs.id ?? '', /^[0-9a-f]{16}$/);
    assert.deepEqual(
      secret.metadata?.ownerReferences?.map((r) => [r.kind, r.name, r.uid]),
      [['Terraform', 'db', live.metadata?.uid]],
    );

    // a changed spec is applied again: new outputs, a new id
    const changed = aTerraform('db', './modules/rds', [{ name: 'region', value: 'us-east-2' }]);
    await objects.patch(changed, undefined, undefined, 'test', true, PatchStrategy.ServerSideApply);
    await eventually(async () => decoded(await secretOf('db-outputs')).region === 'us-east-2', 5_000);
    assert.notEqual(decoded(await secretOf('db-outputs')).id, outputs.id);
  });

  it('collects the outputs Secret when the Terraform object is deleted', async () => {
    await objects.create(aTerraform('cache', './modules/redis', []));
    await ready('cache');
    assert.ok(await secretOf('cache-outputs'));
    await objects.delete({ apiVersion: API_VERSION, kind: 'Terraform', metadata: { name: 'cache', namespace: NS } });
    await eventually(async () => {
      const left = (await core.listNamespacedSecret({ namespace: NS })).items.map((s) => s.metadata?.name);
      return !left.includes('cache-outputs');
    }, 5_000);
  });

  it('fails a Terraform of a broken- path with PlanFailed and a message, and writes no Secret', async () => {
    await objects.create(aTerraform('bad', './modules/broken-vpc', []));
    const { condition } = await ready('bad');
    assert.deepEqual([condition.status, condition.reason], ['False', 'PlanFailed']);
    assert.match(condition.message, /terraform plan failed for \.\/modules\/broken-vpc/);
    const names = (await core.listNamespacedSecret({ namespace: NS })).items.map((s) => s.metadata?.name);
    assert.ok(!names.includes('bad-outputs'), names.join(', '));
  });
});
