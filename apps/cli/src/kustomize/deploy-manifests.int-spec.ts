import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startClusterSimProcess, type SimulatedClusters } from '@appmanager/testing';
import { parseAllDocuments } from 'yaml';
import { renderKustomization } from './outbound/kustomize.renderer.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const overlays = ['dev', 'prod'] as const;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { env: options.env ?? process.env, cwd: options.cwd, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.input ?? '');
  });
}

interface KubeObject {
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
}

describe('the platform manifests (deploy/)', () => {
  let sim: SimulatedClusters;
  let dir = '';
  let kubeconfig = '';
  const kubectl = (args: string[], input?: string) =>
    run('kubectl', ['--kubeconfig', kubeconfig, ...args], input === undefined ? {} : { input });

  before(async () => {
    sim = await startClusterSimProcess({ clusters: 1 });
    dir = await mkdtemp(join(tmpdir(), 'am-manifests-'));
    kubeconfig = join(dir, 'kubeconfig');
    await writeFile(kubeconfig, await sim.kubeconfig('sim-1'));
    // a server-side dry run creates nothing, so the namespace the objects go into must exist, as on a real cluster
    const created = await kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Namespace\nmetadata: { name: appmanager }\n');
    assert.equal(created.code, 0, created.stderr);
  });
  after(async () => {
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  for (const overlay of overlays) {
    it(`renders the ${overlay} overlay and the cluster accepts it in a server-side dry run, storing nothing`, async () => {
      const rendered = await renderKustomization(join(repoRoot, 'deploy/kubernetes/overlays', overlay));
      const objects = parseAllDocuments(rendered).map((d) => d.toJSON() as KubeObject);
      const named = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
      const hpa = named('HorizontalPodAutoscaler', 'sensor-poller');
      assert.ok(named('Deployment', 'sensor-poller'), 'the poller fleet is a Deployment of its own');
      assert.ok(hpa, 'the poller fleet scales with an HPA');
      assert.ok((hpa.spec?.['minReplicas'] as number) >= 2, 'at least two pollers');
      assert.ok(named('PodDisruptionBudget', 'sensor-poller'), 'a drain keeps some pollers');
      assert.ok(named('Deployment', 'sensor'), 'the api role runs apart');

      const applied = await kubectl(['apply', '--dry-run=server', '-f', '-'], rendered);
      assert.equal(applied.code, 0, applied.stderr);
      for (const line of [
        'deployment.apps/sensor-poller',
        'horizontalpodautoscaler.autoscaling/sensor-poller',
        'poddisruptionbudget.policy/sensor-poller',
      ])
        assert.match(applied.stdout, new RegExp(`${line.replace('.', '\\.')} created \\(server dry run\\)`));
      const stored = await kubectl(['get', 'deployments,hpa,pdb', '-n', 'appmanager', '-o', 'name']);
      assert.equal(stored.code, 0, stored.stderr);
      assert.equal(stored.stdout.trim(), '', 'a dry run stores nothing');
    });
  }

  it('docker-compose.yml is a valid compose file once its required variables are set', async () => {
    const compose = await readFile(join(repoRoot, 'docker-compose.yml'), 'utf8');
    const required = new Set([...compose.matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1] as string));
    assert.ok(required.size > 0);
    const env = { ...process.env, ...Object.fromEntries([...required].map((name) => [name, `dummy-${name.toLowerCase()}`])) };
    const checked = await run('docker-compose', ['-f', join(repoRoot, 'docker-compose.yml'), 'config', '-q'], { env, cwd: repoRoot });
    assert.equal(checked.code, 0, checked.stderr);
  });
});
