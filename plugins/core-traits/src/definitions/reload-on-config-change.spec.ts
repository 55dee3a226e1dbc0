import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  type CapabilityRequest,
  FakeKube,
  PluginHarness,
  type ComponentStatusResult,
  type KubeObject,
  type TraitApplyResult,
} from '@appmanager/plugin-sdk';
import { loadBundle } from '../testing/load-bundle.js';

const HASH = 'appmanager.io/config-hash';
type Obj = Record<string, unknown>;

/** A cluster that merges what is applied into what is there (as server-side apply does) and keeps every apply. */
class RecordingKube extends FakeKube {
  readonly applied: KubeObject[] = [];

  override async apply(object: KubeObject): Promise<KubeObject> {
    this.applied.push(structuredClone(object));
    const live = await this.get({ apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name });
    return super.apply(live ? (merge(live, object) as KubeObject) : object);
  }

  /** What the test (a user, the deploy service) changes in the cluster: not counted as the trait's applies. */
  put(object: KubeObject): Promise<KubeObject> {
    return super.apply(object);
  }
}

function merge(base: unknown, patch: unknown): unknown {
  const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
  if (!isObj(base) || !isObj(patch)) return patch;
  return Object.fromEntries(
    [...new Set([...Object.keys(base), ...Object.keys(patch)])].map((k) => [k, k in patch ? merge(base[k], patch[k]) : base[k]]),
  );
}

const aConfigMap = (name: string, data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data,
});
const aSecret = (name: string, data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name },
  data,
});
/** What the trait stamps for one object: the first 16 hex digits of the SHA-256 of its data (keys already sorted here). */
const digestOf = (data: Record<string, string>) =>
  createHash('sha256')
    .update(`{"binaryData":{},"data":${JSON.stringify(data)}}`)
    .digest('hex')
    .slice(0, 16);

/** A Deployment whose container reads ConfigMap `app` (envFrom) and Secret `db` (env), plus a projected ConfigMap `ca`. */
function aDeployment(pod: Obj = aPodSpecWithReferences()): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api' },
    spec: { selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: pod } },
  };
}

function aPodSpecWithReferences(): Obj {
  return {
    containers: [
      {
        name: 'api',
        image: 'api:1',
        envFrom: [{ configMapRef: { name: 'app' } }],
        env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
      },
    ],
    volumes: [{ name: 'certs', projected: { sources: [{ configMap: { name: 'ca' } }] } }],
  };
}

const stampOf = (workload: KubeObject | null | undefined) =>
  (workload?.['spec'] as { template: { metadata: { annotations?: Record<string, string> } } } | undefined)?.template.metadata.annotations?.[
    HASH
  ];

function aHarness(cluster: KubeObject[], capabilities: CapabilityRequest = { kube: true }) {
  const kube = new RecordingKube('test-namespace', cluster);
  return { kube, harness: new PluginHarness(loadBundle('reload-on-config-change.trait'), { kind: 'Trait', capabilities, kube }) };
}

const input = (workload: KubeObject, properties: object = {}) => ({
  trait: { type: 'reload-on-config-change', name: 'api-reload-on-config-change', runtime: 'pre' },
  component: { type: 'microservice', name: 'api' },
  properties: properties as never,
  workload: workload as never,
});

/** Deploys as deploy does with a pre-trait: apply, then the stamped workload is what the cluster holds. */
async function deployed(harness: PluginHarness, kube: RecordingKube, workload = aDeployment()): Promise<KubeObject> {
  const { workload: stamped } = await harness.call<TraitApplyResult>('apply', input(workload));
  await kube.put(stamped as KubeObject);
  return stamped as KubeObject;
}

const live = (kube: FakeKube) => kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }) as Promise<KubeObject>;

describe('reload-on-config-change trait', () => {
  it('apply stamps the pod template with a digest of each referenced ConfigMap and Secret, a missing one as absent', async () => {
    const { harness } = aHarness([aConfigMap('app', { MODE: 'blue' }), aSecret('db', { password: 'aHVudGVyMg==' })]);
    const { workload } = await harness.call<TraitApplyResult>('apply', input(aDeployment()));
    assert.equal(
      stampOf(workload),
      `configmap/app=${digestOf({ MODE: 'blue' })},configmap/ca=absent,secret/db=${digestOf({ password: 'aHVudGVyMg==' })}`,
    );
    assert.doesNotMatch(JSON.stringify(workload), /aHVudGVyMg==/, 'a Secret value never reaches the workload');
  });

  it('apply watches exactly the listed ConfigMaps when configMaps is given, Secrets still as referenced', async () => {
    const { harness } = aHarness([aConfigMap('flags', { on: 'yes' })]);
    const { workload } = await harness.call<TraitApplyResult>('apply', input(aDeployment(), { configMaps: ['flags'] }));
    assert.equal(stampOf(workload), `configmap/flags=${digestOf({ on: 'yes' })},secret/db=absent`);
  });

  it('apply leaves the workload unstamped when the cluster cannot be read (a plan or a dry run)', async () => {
    const withoutKube = await aHarness([], {}).harness.call<TraitApplyResult>('apply', input(aDeployment()));
    assert.equal(stampOf(withoutKube.workload), undefined);
    const unavailable = new (class extends FakeKube {
      override async get(): Promise<KubeObject | null> {
        throw new Error('kube.get: Kubernetes is not available to this call');
      }
    })('test-namespace');
    const harness = new PluginHarness(loadBundle('reload-on-config-change.trait'), {
      kind: 'Trait',
      capabilities: { kube: true },
      kube: unavailable,
    });
    assert.deepEqual((await harness.call<TraitApplyResult>('apply', input(aDeployment()))).workload, aDeployment());
  });

  it('watch does nothing while the ConfigMaps and Secrets are unchanged', async () => {
    const { kube, harness } = aHarness([aConfigMap('app', { MODE: 'blue' }), aSecret('db', { password: 'cw==' })]);
    await deployed(harness, kube);
    const status = await harness.call<ComponentStatusResult>('watch', input(await live(kube)));
    assert.deepEqual(status, { state: 'RUNNING', message: 'config unchanged' });
    assert.equal(kube.applied.length, 0);
  });

  it('watch applies the new stamp exactly once after a ConfigMap changes, and only that annotation', async () => {
    const { kube, harness } = aHarness([aConfigMap('app', { MODE: 'blue' }), aSecret('db', { password: 'cw==' })]);
    await deployed(harness, kube);
    await kube.put(aConfigMap('app', { MODE: 'green' }));
    const first = await harness.call<ComponentStatusResult>('watch', input(await live(kube)));
    // the rolled workload is observed again: nothing more to do
    const second = await harness.call<ComponentStatusResult>('watch', input(await live(kube)));
    assert.deepEqual(
      [first, second],
      [
        { state: 'RUNNING', message: 'reloaded: configmap/app changed' },
        { state: 'RUNNING', message: 'config unchanged' },
      ],
    );
    const stamp = `configmap/app=${digestOf({ MODE: 'green' })},configmap/ca=absent,secret/db=${digestOf({ password: 'cw==' })}`;
    assert.deepEqual(kube.applied, [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api' },
        spec: { template: { metadata: { annotations: { [HASH]: stamp } } } },
      },
    ]);
    assert.equal(stampOf(await live(kube)), stamp);
  });

  it('watch rolls the pods when a Secret changes, naming it but never its value', async () => {
    const { kube, harness } = aHarness([aConfigMap('app', { MODE: 'blue' }), aSecret('db', { password: 'b2xk' })]);
    await deployed(harness, kube);
    await kube.put(aSecret('db', { password: 'bmV3LXNlY3JldA==' }));
    const status = await harness.call<ComponentStatusResult>('watch', input(await live(kube)));
    assert.deepEqual(status, { state: 'RUNNING', message: 'reloaded: secret/db changed' });
    assert.doesNotMatch(JSON.stringify([status, await live(kube)]), /bmV3LXNlY3JldA==|new-secret/);
  });

  it('watch on a workload that references no ConfigMap or Secret reads and applies nothing', async () => {
    const { kube, harness } = aHarness([aConfigMap('app', { MODE: 'blue' })]);
    const plain = await deployed(harness, kube, aDeployment({ containers: [{ name: 'api', image: 'api:1' }] }));
    assert.equal(stampOf(plain), undefined);
    const status = await harness.call<ComponentStatusResult>('watch', input(await live(kube)));
    assert.deepEqual(status, { state: 'RUNNING', message: 'no ConfigMaps or Secrets to watch' });
    assert.equal(kube.applied.length, 0);
  });

  it('watch answers, and does not throw, for a workload without a pod template', async () => {
    const { kube, harness } = aHarness([]);
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' }, spec: { ports: [{ port: 80 }] } };
    const status = await harness.call<ComponentStatusResult>('watch', input(service));
    assert.deepEqual(status, { state: 'RUNNING', message: 'Service/api has no pod template: nothing to reload' });
    assert.equal(kube.applied.length, 0);
  });
});
