import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export interface SimulatedClusters {
  /** e.g. https://127.0.0.1:40123 */
  readonly url: string;
  /** kubeconfig (YAML) of a cluster created at start: `sim-1` ... `sim-<n>` */
  kubeconfig(name: string): Promise<string>;
  /** Registers another virtual cluster and returns its kubeconfig. */
  createCluster(name: string): Promise<string>;
  /** Adds a fault rule (latency, 429, 500/503, down: refuse|hang, dropWatchesAfterMs) through the admin API. */
  addFault(rule: Record<string, unknown>): Promise<{ id: string }>;
  clearFaults(): Promise<void>;
  stop(): Promise<void>;
}

export interface SimulatedClustersOptions {
  clusters?: number;
  podReadyDelayMs?: number;
  jobRunMs?: number;
  unpullableImage?: string;
  /** delay before Flux objects are Ready (default 100 ms); charts named `broken-*` fail */
  fluxReconcileMs?: number;
}

const simMain = fileURLToPath(new URL('../../../apps/cluster-sim/dist/main.js', import.meta.url));

/**
 * Starts apps/cluster-sim as a process of its own (HTTPS, free port) so a service under test reaches
 * it over the network through @kubernetes/client-node, exactly as it would a real cluster.
 * Build apps/cluster-sim first (`npm test` builds everything).
 */
export async function startClusterSimProcess(options: SimulatedClustersOptions = {}): Promise<SimulatedClusters> {
  const dir = await mkdtemp(join(tmpdir(), 'am-sim-'));
  const adminToken = randomBytes(18).toString('base64url');
  const args = [
    simMain,
    '--port',
    '0',
    '--clusters',
    String(options.clusters ?? 2),
    '--kubeconfig-dir',
    dir,
    `--admin-token=${adminToken}`,
    '--pod-ready-delay-ms',
    String(options.podReadyDelayMs ?? 200),
    '--job-run-ms',
    String(options.jobRunMs ?? 300),
    '--flux-reconcile-ms',
    String(options.fluxReconcileMs ?? 100),
    ...(options.unpullableImage ? ['--unpullable-image', options.unpullableImage] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await listeningUrl(child);
  const caPem = await readCa(join(dir, 'sim-1.kubeconfig'));
  const admin = (method: string, path: string, body?: unknown) => adminCall(url, adminToken, caPem, method, path, body);

  return {
    url,
    kubeconfig: (name) => admin('GET', `/admin/v1/clusters/${encodeURIComponent(name)}/kubeconfig`),
    createCluster: async (name) => {
      await admin('POST', '/admin/v1/clusters', { name });
      return admin('GET', `/admin/v1/clusters/${encodeURIComponent(name)}/kubeconfig`);
    },
    addFault: async (rule) => JSON.parse(await admin('POST', '/admin/v1/faults', rule)) as { id: string },
    clearFaults: async () => void (await admin('DELETE', '/admin/v1/faults')),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`cluster-sim did not start within 20 s: ${err || out}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cluster-sim exited with ${code}: ${err.trim() || out.trim()} (is apps/cluster-sim built?)`));
    });
  });
}

async function readCa(kubeconfigPath: string): Promise<string> {
  const config = parseYaml(await readFile(kubeconfigPath, 'utf8')) as { clusters: { cluster: Record<string, string> }[] };
  const data = config.clusters[0]?.cluster['certificate-authority-data'];
  if (!data) throw new Error(`no CA in ${kubeconfigPath}`);
  return Buffer.from(data, 'base64').toString('utf8');
}

function adminCall(url: string, token: string, ca: string, method: string, path: string, body?: unknown): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, url),
      { method, ca, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          (res.statusCode ?? 500) < 300
            ? resolve(text)
            : reject(new Error(`cluster-sim admin ${method} ${path}: ${res.statusCode} ${text}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
