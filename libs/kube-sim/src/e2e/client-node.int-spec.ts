import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ADD,
  AppsV1Api,
  CoreV1Api,
  DELETE,
  ERROR,
  KubernetesObjectApi,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  UPDATE,
  Watch,
  type KubeConfig,
  type V1ConfigMap,
  type V1Deployment,
} from '@kubernetes/client-node';
import { eventually, rawRequest, startHarness, type Harness } from '../test-support/sim-harness.js';

const cm = (name: string, data: Record<string, string>, labels: Record<string, string> = {}): V1ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', labels },
  data,
});

describe('@kubernetes/client-node over plain HTTP', () => {
  it('reaches a simulator started without TLS through the kubeconfig it hands out', async () => {
    const plain = await startHarness({ tls: false });
    try {
      assert.match(plain.sim.url, /^http:\/\//);
      const api = plain.kubeConfig('plain-1').makeApiClient(CoreV1Api);
      const namespaces = await api.listNamespace();
      assert.deepEqual(
        namespaces.items.map((n) => n.metadata?.name),
        ['default', 'flux-system', 'kube-node-lease', 'kube-public', 'kube-system'],
      );
    } finally {
      await plain.close();
    }
  });
});

describe('@kubernetes/client-node against a simulated cluster', () => {
  let h: Harness;
  let kc: KubeConfig;
  let core: CoreV1Api;

  before(async () => {
    h = await startHarness();
    kc = h.kubeConfig('client-1');
    core = kc.makeApiClient(CoreV1Api);
  });
  after(() => h.close());

  it('creates, reads, replaces, patches and deletes a ConfigMap', async () => {
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: cm('crud', { a: '1' }) });
    assert.ok(created.metadata?.uid);
    const read = await core.readNamespacedConfigMap({ name: 'crud', namespace: 'default' });
    assert.deepEqual(read.data, { a: '1' });
    const replaced = await core.replaceNamespacedConfigMap({ name: 'crud', namespace: 'default', body: { ...read, data: { a: '2' } } });
    assert.notEqual(replaced.metadata?.resourceVersion, read.metadata?.resourceVersion);
    const patched = await core.patchNamespacedConfigMap(
      { name: 'crud', namespace: 'default', body: { data: { b: '3' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    assert.deepEqual(patched.data, { a: '2', b: '3' });
    const jsonPatched = await core.patchNamespacedConfigMap(
      { name: 'crud', namespace: 'default', body: [{ op: 'remove', path: '/data/a' }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    assert.deepEqual(jsonPatched.data, { b: '3' });
    await core.deleteNamespacedConfigMap({ name: 'crud', namespace: 'default' });
    await assert.rejects(core.readNamespacedConfigMap({ name: 'crud', namespace: 'default' }), (e: { code: number }) => e.code === 404);
  });

  it('lists with label and field selectors and pages with limit/continue', async () => {
    for (let i = 0; i < 5; i++)
      await core.createNamespacedConfigMap({ namespace: 'default', body: cm(`page-${i}`, {}, { tier: i % 2 ? 'odd' : 'even' }) });
    const even = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'tier=even' });
    assert.deepEqual(
      even.items.map((i) => i.metadata?.name),
      ['page-0', 'page-2', 'page-4'],
    );
    const notOdd = await core.listNamespacedConfigMap({
      namespace: 'default',
      labelSelector: 'tier in (even),tier!=odd',
      fieldSelector: 'metadata.name!=page-0',
    });
    assert.deepEqual(
      notOdd.items.map((i) => i.metadata?.name),
      ['page-2', 'page-4'],
    );
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await core.listNamespacedConfigMap({
        namespace: 'default',
        labelSelector: 'tier',
        limit: 2,
        ...(token ? { _continue: token } : {}),
      });
      assert.ok(page.items.length <= 2);
      names.push(...page.items.map((i) => i.metadata!.name!));
      token = page.metadata?._continue;
    } while (token);
    assert.deepEqual(names, ['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
  });

  it('applies server-side, tracks field managers and refuses a conflicting apply unless forced', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const desired = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'ssa', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'ssa' } },
        template: { metadata: { labels: { app: 'ssa' } }, spec: { containers: [{ name: 'app', image: 'nginx:1' }] } },
      },
    };
    const applied = await objects.patch(desired, undefined, undefined, 'team-a', false, PatchStrategy.ServerSideApply);
    assert.equal((applied as V1Deployment).metadata?.managedFields?.[0]?.manager, 'team-a');
    await assert.rejects(
      objects.patch(
        { ...desired, spec: { ...desired.spec, replicas: 5 } },
        undefined,
        undefined,
        'team-b',
        false,
        PatchStrategy.ServerSideApply,
      ),
      (e: { code: number; body: string }) => {
        const status = JSON.parse(e.body) as { reason: string; details: { causes: { field: string }[] } };
        return e.code === 409 && status.reason === 'Conflict' && status.details.causes.some((c) => c.field === '.spec.replicas');
      },
    );
    const forced = await objects.patch(
      { ...desired, spec: { ...desired.spec, replicas: 5 } },
      undefined,
      undefined,
      'team-b',
      true,
      PatchStrategy.ServerSideApply,
    );
    assert.equal((forced as typeof desired).spec.replicas, 5);
    const apps = kc.makeApiClient(AppsV1Api);
    await eventually(async () => (await apps.readNamespacedDeployment({ name: 'ssa', namespace: 'default' })).status?.readyReplicas === 5);
  });

  it('feeds an informer adds, updates and deletes, and it recovers from a dropped watch and from 410 Gone', async () => {
    const path = '/api/v1/namespaces/default/configmaps';
    const informer = makeInformer(
      kc,
      path,
      () => core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'inf=yes' }),
      'inf=yes',
    );
    const events: string[] = [];
    informer.on(ADD, (o) => events.push(`add:${o.metadata?.name}`));
    informer.on(UPDATE, (o) => events.push(`update:${o.metadata?.name}:${(o as V1ConfigMap).data?.v}`));
    informer.on(DELETE, (o) => events.push(`delete:${o.metadata?.name}`));
    // As client-node documents: an informer stops on a non-410 error and the caller restarts it.
    let stopped = false;
    let failures = 0;
    informer.on(ERROR, () => {
      failures++;
      setTimeout(() => void (stopped || informer.start()), 50);
    });
    await informer.start();
    try {
      await core.createNamespacedConfigMap({ namespace: 'default', body: cm('inf-1', { v: '1' }, { inf: 'yes' }) });
      await eventually(() => events.includes('add:inf-1'));
      await core.patchNamespacedConfigMap(
        { name: 'inf-1', namespace: 'default', body: { data: { v: '2' } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      await eventually(() => events.includes('update:inf-1:2'));

      // The server cuts every watch of this cluster; the informer re-watches from its resourceVersion.
      const drop = await rawRequest(h.sim, 'POST', '/admin/v1/clusters/client-1/faults', {
        token: h.sim.adminToken,
        contentType: 'application/json',
        body: JSON.stringify({ dropWatches: true }),
      });
      assert.equal(drop.status, 201);
      await rawRequest(h.sim, 'DELETE', `/admin/v1/faults/${String(drop.json.id)}`, { token: h.sim.adminToken });
      await core.createNamespacedConfigMap({ namespace: 'default', body: cm('inf-2', {}, { inf: 'yes' }) });
      await eventually(() => events.includes('add:inf-2'));

      // The cluster goes down; while the informer cannot reach it, inf-1 is deleted and history is
      // compacted. Back up, its resourceVersion is too old (410 Expired), so it relists and notices.
      const failuresBefore = failures;
      const down = h.sim.addFault({ clusters: ['client-1'], down: 'refuse', dropWatches: true });
      const cluster = h.sim.registry.materialise('client-1')!;
      cluster.writer.delete(cluster.types.find('', 'v1', 'configmaps')!, 'default', 'inf-1', undefined);
      cluster.store.compact();
      await eventually(() => failures > failuresBefore, 15_000);
      assert.equal((await rawRequest(h.sim, 'DELETE', `/admin/v1/faults/${down.id}`, { token: h.sim.adminToken })).status, 200);
      await eventually(() => events.includes('delete:inf-1'), 15_000);
      assert.deepEqual(
        informer.list().map((o) => o.metadata?.name),
        ['inf-2'],
      );
    } finally {
      stopped = true;
      await informer.stop();
    }
  });

  it('streams bookmarks to a watch that allows them and ends it after timeoutSeconds', async () => {
    const api = h.kubeConfig('bookmarks').makeApiClient(CoreV1Api);
    await api.createNamespacedConfigMap({ namespace: 'default', body: cm('early', {}) });
    const token = h.sim.registry.tokenOf('bookmarks');
    const res = await rawRequest(
      h.sim,
      'GET',
      '/clusters/bookmarks/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1&allowWatchBookmarks=true&timeoutSeconds=1',
      { token },
    );
    const events = String(res.json.text)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; object: { metadata: { resourceVersion: string } } });
    const bookmarks = events.filter((e) => e.type === 'BOOKMARK');
    assert.ok(bookmarks.length >= 2, `expected bookmarks every 200 ms, got ${bookmarks.length}`);
    assert.match(bookmarks[0]!.object.metadata.resourceVersion, /^\d+$/);
    assert.equal(events[0]!.type, 'ADDED', 'the history since resourceVersion 1 is replayed first');
  });

  it('tells a selective watch that an object left its selector with a DELETED event', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: cm('mover', {}, { side: 'left' }) });
    const seen: string[] = [];
    const watch = new Watch(kc);
    const req = await watch.watch(
      '/api/v1/namespaces/default/configmaps',
      { labelSelector: 'side=left' },
      (type, obj: V1ConfigMap) => seen.push(`${type}:${obj.metadata?.name}`),
      () => undefined,
    );
    await eventually(() => seen.includes('ADDED:mover'));
    await core.patchNamespacedConfigMap(
      { name: 'mover', namespace: 'default', body: { metadata: { labels: { side: 'right' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await eventually(() => seen.includes('DELETED:mover'));
    req.abort();
  });

  it('answers a watch from a compacted resourceVersion with a 410 Expired ERROR event', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    const oldRv = list.metadata!.resourceVersion!;
    await core.createNamespacedConfigMap({ namespace: 'default', body: cm('after-rv', {}) });
    h.sim.registry.materialise('client-1')!.store.compact();
    const res = await rawRequest(
      h.sim,
      'GET',
      `/clusters/client-1/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${oldRv}`,
      { token: h.sim.registry.tokenOf('client-1') },
    );
    assert.equal(res.status, 200);
    const event = res.json as { type: string; object: { kind: string; code: number; reason: string } };
    assert.equal(event.type, 'ERROR');
    assert.deepEqual([event.object.kind, event.object.code, event.object.reason], ['Status', 410, 'Expired']);
  });
});
