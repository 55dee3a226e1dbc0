import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { eventually, startHarness, type Harness } from '../test-support/sim-harness.js';

const MANIFEST = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config, namespace: shop}
data: {greeting: hello}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80}]
        env: [{name: MODE, value: prod}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: gizmo, namespace: shop}
spec: {size: 3}
`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('kubectl against a simulated cluster', () => {
  let h: Harness;
  let kubeconfig: string;
  const children: ChildProcess[] = [];
  const kubectl = (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      const child = execFile(
        'kubectl',
        ['--kubeconfig', kubeconfig, '--cache-dir', join(h.dir, 'cache'), ...args],
        { timeout: 60_000 },
        (err, stdout, stderr) => {
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
        },
      );
      children.push(child);
    });

  before(async () => {
    h = await startHarness();
    kubeconfig = h.kubeconfigFile('kubectl-1');
    writeFileSync(join(h.dir, 'app.yaml'), MANIFEST);
  });
  after(async () => {
    for (const c of children) c.kill('SIGKILL');
    await h.close();
  });

  it('reports the server version', async () => {
    const r = await kubectl('version', '-o', 'json');
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { serverVersion: { gitVersion: string } }).serverVersion.gitVersion, 'v1.32.0-cluster-sim');
  });

  it('applies a multi-document manifest; the custom resource lands once its CRD is served, as on a real cluster', async () => {
    const first = await kubectl('apply', '-f', join(h.dir, 'app.yaml'));
    for (const created of [
      'namespace/shop',
      'configmap/web-config',
      'deployment.apps/web',
      'service/web',
      'customresourcedefinition.apiextensions.k8s.io/widgets.example.com',
    ]) {
      assert.match(first.stdout, new RegExp(`${created} created`));
    }
    // kubectl maps every kind before creating anything, so the Widget needs a second apply.
    const second = await kubectl('apply', '-f', join(h.dir, 'app.yaml'));
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /widget.example.com\/gizmo created/);
    assert.match(second.stdout, /deployment.apps\/web unchanged/);
    const widgets = await kubectl('get', 'wd', '-n', 'shop', '-o', 'name');
    assert.equal(widgets.stdout.trim(), 'widget.example.com/gizmo');
  });

  it('shows the applied deployment with get -o yaml, defaults and last-applied annotation included', async () => {
    const r = await kubectl('get', 'deployment', 'web', '-n', 'shop', '-o', 'yaml');
    assert.equal(r.code, 0, r.stderr);
    const d = parse(r.stdout) as {
      kind: string;
      metadata: { annotations: Record<string, string> };
      spec: { replicas: number; strategy: { type: string } };
    };
    assert.equal(d.kind, 'Deployment');
    assert.equal(d.spec.replicas, 3);
    assert.equal(d.spec.strategy.type, 'RollingUpdate');
    assert.ok(d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
  });

  it('re-applies a changed manifest with a strategic merge patch', async () => {
    writeFileSync(join(h.dir, 'app.yaml'), MANIFEST.replace('greeting: hello', 'greeting: bonjour'));
    const r = await kubectl('apply', '-f', join(h.dir, 'app.yaml'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /configmap\/web-config configured/);
    const cm = await kubectl('get', 'cm', 'web-config', '-n', 'shop', '-o', 'jsonpath={.data.greeting}');
    assert.equal(cm.stdout, 'bonjour');
  });

  it('sees a change through get -w', async () => {
    const watcher = spawn('kubectl', [
      '--kubeconfig',
      kubeconfig,
      '--cache-dir',
      join(h.dir, 'cache'),
      'get',
      'cm',
      'web-config',
      '-n',
      'shop',
      '-w',
      '-o',
      'jsonpath={.data.greeting}{"\\n"}',
    ]);
    children.push(watcher);
    let seen = '';
    watcher.stdout.on('data', (c: Buffer) => (seen += c.toString()));
    await eventually(() => seen.includes('bonjour'));
    const patched = await kubectl('patch', 'cm', 'web-config', '-n', 'shop', '--type=merge', '-p', '{"data":{"greeting":"hola"}}');
    assert.equal(patched.code, 0, patched.stderr);
    await eventually(() => seen.includes('hola'));
    watcher.kill();
  });

  it('waits for a rollout of a new image with rollout status', async () => {
    const first = await kubectl('rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=60s');
    assert.equal(first.code, 0, first.stderr);
    const set = await kubectl('set', 'image', 'deployment/web', 'web=nginx:1.28', '-n', 'shop');
    assert.equal(set.code, 0, set.stderr);
    const r = await kubectl('rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=60s');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /successfully rolled out/);
    const images = await kubectl('get', 'pods', '-n', 'shop', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.containers[0].image}');
    assert.deepEqual(images.stdout.split(' ').sort(), ['nginx:1.28', 'nginx:1.28', 'nginx:1.28']);
  });

  it('scales through the scale subresource and rolls back to the previous ReplicaSet', async () => {
    assert.equal((await kubectl('scale', 'deployment/web', '--replicas=4', '-n', 'shop')).code, 0);
    assert.equal((await kubectl('rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=60s')).code, 0);
    const undo = await kubectl('rollout', 'undo', 'deployment/web', '-n', 'shop');
    assert.equal(undo.code, 0, undo.stderr);
    assert.equal((await kubectl('rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=60s')).code, 0);
    const image = await kubectl(
      'get',
      'deployment',
      'web',
      '-n',
      'shop',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image} {.status.readyReplicas}',
    );
    assert.equal(image.stdout, 'nginx:1.27 4');
    const rs = await kubectl('get', 'rs', '-n', 'shop', '-o', 'jsonpath={range .items[*]}{.spec.replicas}{" "}{end}');
    assert.deepEqual(rs.stdout.trim().split(' ').sort(), ['0', '4'], 'the rollback reuses the first ReplicaSet instead of making a third');
  });

  it('shows what a simulated container logged with kubectl logs', async () => {
    const r = await kubectl('logs', 'deployment/web', '-n', 'shop');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /container "web" started from image "nginx:1.27"/);
  });

  it('applies server-side and reports a field conflict with another manager', async () => {
    const ssa = join(h.dir, 'ssa.yaml');
    writeFileSync(ssa, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, namespace: shop}\ndata: {owner: first}\n');
    assert.equal((await kubectl('apply', '--server-side', '--field-manager=first', '-f', ssa)).code, 0);
    writeFileSync(ssa, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, namespace: shop}\ndata: {owner: second}\n');
    const conflict = await kubectl('apply', '--server-side', '--field-manager=second', '-f', ssa);
    assert.notEqual(conflict.code, 0);
    assert.match(conflict.stderr, /conflict with "first"/);
    const forced = await kubectl('apply', '--server-side', '--field-manager=second', '--force-conflicts', '-f', ssa);
    assert.equal(forced.code, 0, forced.stderr);
  });

  it('deletes a deployment and its replica sets and pods with it', async () => {
    const r = await kubectl('delete', 'deployment', 'web', '-n', 'shop');
    assert.equal(r.code, 0, r.stderr);
    const left = await kubectl('get', 'pods,replicasets', '-n', 'shop', '-o', 'name');
    assert.equal(left.stdout.trim(), '');
  });
});
