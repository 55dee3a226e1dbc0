import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ApiextensionsV1Api,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  NetworkingV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type V1Deployment,
  type V1PodTemplateSpec,
} from '@kubernetes/client-node';
import { SIM_ANNOTATIONS } from '../index.js';
import { eventually, startHarness, type Harness } from '../test-support/sim-harness.js';

const ns = 'default';
const template = (
  app: string,
  image: string,
  extra: Partial<V1PodTemplateSpec['spec']> = {},
  annotations: Record<string, string> = {},
): V1PodTemplateSpec => ({
  metadata: { labels: { app }, annotations },
  spec: { containers: [{ name: 'main', image }], ...extra },
});
const aDeployment = (name: string, image: string, replicas = 2): V1Deployment => ({
  metadata: { name },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: template(name, image) },
});
const condition = (d: V1Deployment, type: string) => d.status?.conditions?.find((c) => c.type === type);

describe('simulated controllers', () => {
  let h: Harness;
  let kc: KubeConfig;
  let apps: AppsV1Api;
  let core: CoreV1Api;
  let batch: BatchV1Api;

  before(async () => {
    h = await startHarness();
    kc = h.kubeConfig('work-1');
    apps = kc.makeApiClient(AppsV1Api);
    core = kc.makeApiClient(CoreV1Api);
    batch = kc.makeApiClient(BatchV1Api);
  });
  after(() => h.close());

  const readDeployment = (name: string) => apps.readNamespacedDeployment({ name, namespace: ns });
  const podsOf = async (app: string) => (await core.listNamespacedPod({ namespace: ns, labelSelector: `app=${app}` })).items;

  it('rolls a Deployment out: ReplicaSet, Ready Pods, then Available and NewReplicaSetAvailable', async () => {
    await apps.createNamespacedDeployment({ namespace: ns, body: aDeployment('web', 'nginx:1.27', 3) });
    const d = await eventually(async () => {
      const live = await readDeployment('web');
      return condition(live, 'Progressing')?.reason === 'NewReplicaSetAvailable' ? live : undefined;
    });
    assert.deepEqual([d.status?.replicas, d.status?.readyReplicas, d.status?.updatedReplicas, d.status?.availableReplicas], [3, 3, 3, 3]);
    assert.equal(d.status?.observedGeneration, d.metadata?.generation);
    assert.equal(condition(d, 'Available')?.status, 'True');
    const rs = (await apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=web' })).items;
    assert.equal(rs.length, 1);
    assert.equal(rs[0]!.metadata?.ownerReferences?.[0]?.name, 'web');
    const pods = await podsOf('web');
    assert.equal(pods.length, 3);
    assert.ok(
      pods.every((p) => p.status?.phase === 'Running' && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')),
    );
  });

  it('rolls out a template change to a new ReplicaSet and scales the old one to zero', async () => {
    await apps.patchNamespacedDeployment(
      { name: 'web', namespace: ns, body: { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    const d = await eventually(async () => {
      const live = await readDeployment('web');
      const done =
        live.status?.observedGeneration === 2 &&
        live.status.updatedReplicas === 3 &&
        live.status.replicas === 3 &&
        live.status.availableReplicas === 3;
      return done && condition(live, 'Progressing')?.reason === 'NewReplicaSetAvailable' ? live : undefined;
    });
    assert.equal(d.metadata?.annotations?.['deployment.kubernetes.io/revision'], '2');
    const rs = (await apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=web' })).items;
    assert.deepEqual(rs.map((r) => r.spec?.replicas).sort(), [0, 3]);
    assert.ok((await podsOf('web')).every((p) => p.spec?.containers[0]?.image === 'nginx:1.28'));
  });

  it('leaves Pods in ImagePullBackOff and the Deployment not Available for an unpullable image', async () => {
    await apps.createNamespacedDeployment({ namespace: ns, body: aDeployment('broken', 'registry.example/does-not-exist:1', 1) });
    await eventually(async () =>
      (await podsOf('broken')).some((p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff'),
    );
    const d = await readDeployment('broken');
    assert.equal(condition(d, 'Available')?.status, 'False');
    assert.equal(condition(d, 'Available')?.reason, 'MinimumReplicasUnavailable');
    assert.equal(d.status?.availableReplicas ?? 0, 0);
    const events = (await core.listNamespacedEvent({ namespace: ns })).items;
    const failed = events.find((e) => e.reason === 'Failed' && e.involvedObject.name?.startsWith('broken-'));
    assert.equal(failed?.type, 'Warning');
    assert.match(String(failed?.message), /Failed to pull image "registry.example\/does-not-exist:1"/);
    assert.ok(
      events.some((e) => e.reason === 'ScalingReplicaSet' && e.involvedObject.kind === 'Deployment' && e.involvedObject.name === 'web'),
    );
  });

  it('crash-loops a Pod on demand, counting restarts', async () => {
    const body = aDeployment('crashy', 'busybox:1', 1);
    body.spec!.template = template('crashy', 'busybox:1', {}, { [SIM_ANNOTATIONS.crashLoop]: 'true' });
    await apps.createNamespacedDeployment({ namespace: ns, body });
    const pod = await eventually(async () =>
      (await podsOf('crashy')).find((p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2),
    );
    assert.equal(pod.status?.containerStatuses?.[0]?.state?.waiting?.reason, 'CrashLoopBackOff');
    assert.equal(condition(await readDeployment('crashy'), 'Available')?.status, 'False');
  });

  it('completes a Job whose Pods succeed and fails one whose Pods exit non-zero past its backoffLimit', async () => {
    await batch.createNamespacedJob({
      namespace: ns,
      body: {
        metadata: { name: 'ok' },
        spec: { completions: 2, parallelism: 1, template: template('ok', 'busybox:1', { restartPolicy: 'Never' }) },
      },
    });
    await batch.createNamespacedJob({
      namespace: ns,
      body: {
        metadata: { name: 'ko' },
        spec: { backoffLimit: 1, template: template('ko', 'busybox:1', { restartPolicy: 'Never' }, { [SIM_ANNOTATIONS.exitCode]: '3' }) },
      },
    });
    const ok = await eventually(async () => {
      const job = await batch.readNamespacedJob({ name: 'ok', namespace: ns });
      return job.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') ? job : undefined;
    });
    assert.equal(ok.status?.succeeded, 2);
    const ko = await eventually(async () => {
      const job = await batch.readNamespacedJob({ name: 'ko', namespace: ns });
      return job.status?.conditions?.find((c) => c.type === 'Failed') ? job : undefined;
    });
    assert.equal(ko.status?.failed, 2);
    assert.equal(ko.status?.conditions?.find((c) => c.type === 'Failed')?.reason, 'BackoffLimitExceeded');
  });

  it('brings a StatefulSet up in order and a DaemonSet to one Ready Pod per node', async () => {
    await apps.createNamespacedStatefulSet({
      namespace: ns,
      body: {
        metadata: { name: 'db' },
        spec: { replicas: 3, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template('db', 'postgres:17') },
      },
    });
    await apps.createNamespacedDaemonSet({
      namespace: ns,
      body: { metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent', 'agent:1') } },
    });
    const sts = await eventually(async () => {
      const live = await apps.readNamespacedStatefulSet({ name: 'db', namespace: ns });
      return live.status?.readyReplicas === 3 ? live : undefined;
    });
    assert.equal(sts.status?.observedGeneration, 1);
    assert.deepEqual((await podsOf('db')).map((p) => p.metadata?.name).sort(), ['db-0', 'db-1', 'db-2']);
    const ds = await eventually(async () => {
      const live = await apps.readNamespacedDaemonSet({ name: 'agent', namespace: ns });
      return live.status?.numberReady === 1 ? live : undefined;
    });
    assert.deepEqual([ds.status?.desiredNumberScheduled, ds.status?.updatedNumberScheduled, ds.status?.numberAvailable], [1, 1, 1]);
  });

  it('cascades deletion through owner references, and orphans on request', async () => {
    await apps.deleteNamespacedDeployment({ name: 'web', namespace: ns });
    assert.equal((await podsOf('web')).length, 0);
    assert.equal((await apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=web' })).items.length, 0);
    await apps.deleteNamespacedStatefulSet({ name: 'db', namespace: ns, propagationPolicy: 'Orphan' });
    const orphans = await podsOf('db');
    assert.equal(orphans.length, 3);
    assert.ok(orphans.every((p) => (p.metadata?.ownerReferences ?? []).length === 0));
  });

  it('folds Secret stringData into base64 data and gives Ingresses and LoadBalancer Services an address', async () => {
    const secret = await core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { name: 's' }, stringData: { password: 'hunter2' } },
    });
    assert.deepEqual(
      [secret.type, secret.data, secret.stringData],
      ['Opaque', { password: Buffer.from('hunter2').toString('base64') }, undefined],
    );
    const networking = kc.makeApiClient(NetworkingV1Api);
    await networking.createNamespacedIngress({
      namespace: ns,
      body: {
        metadata: { name: 'web' },
        spec: {
          rules: [
            {
              host: 'web.example',
              http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] },
            },
          ],
        },
      },
    });
    await core.createNamespacedService({
      namespace: ns,
      body: { metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] } },
    });
    const ingress = await eventually(
      async () => (await networking.readNamespacedIngress({ name: 'web', namespace: ns })).status?.loadBalancer?.ingress?.[0]?.ip,
    );
    const lb = await eventually(
      async () => (await core.readNamespacedService({ name: 'lb', namespace: ns })).status?.loadBalancer?.ingress?.[0]?.ip,
    );
    assert.match(ingress, /^172\.18\./);
    assert.notEqual(lb, ingress);
  });

  it('serves custom resources once their CRD exists, with a status subresource', async () => {
    const ext = kc.makeApiClient(ApiextensionsV1Api);
    await ext.createCustomResourceDefinition({
      body: {
        metadata: { name: 'gadgets.example.com' },
        spec: {
          group: 'example.com',
          scope: 'Namespaced',
          names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              subresources: { status: {} },
              schema: { openAPIV3Schema: { type: 'object', x_kubernetes_preserve_unknown_fields: true } },
            },
          ],
        },
      },
    });
    const custom = kc.makeApiClient(CustomObjectsApi);
    const id = { group: 'example.com', version: 'v1', namespace: ns, plural: 'gadgets' };
    await custom.createNamespacedCustomObject({
      ...id,
      body: { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g1' }, spec: { size: 1 }, status: { ignored: true } },
    });
    const created = (await custom.getNamespacedCustomObject({ ...id, name: 'g1' })) as { status?: unknown; spec: { size: number } };
    assert.equal(created.status, undefined);
    await custom.replaceNamespacedCustomObjectStatus({ ...id, name: 'g1', body: { ...created, status: { phase: 'Ready' } } });
    const withStatus = (await custom.getNamespacedCustomObject({ ...id, name: 'g1' })) as { status: { phase: string } };
    assert.equal(withStatus.status.phase, 'Ready');
    await ext.deleteCustomResourceDefinition({ name: 'gadgets.example.com' });
    await assert.rejects(custom.listNamespacedCustomObject(id), (e: { code: number }) => e.code === 404);
  });
});
