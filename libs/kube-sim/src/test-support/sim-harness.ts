import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { startClusterSim, type ClusterSim } from '../server/sim-server.js';
import type { ClusterSimOptions } from '../server/sim-options.js';

/** Fast-moving workloads so tests wait milliseconds, not seconds. */
export const FAST: ClusterSimOptions = {
  podReadyDelayMs: 100,
  jobRunMs: 150,
  crashLoopBackoffMs: 100,
  bookmarkIntervalMs: 200,
  fluxReconcileMs: 50,
  terraformReconcileMs: 50,
};

export interface Harness {
  sim: ClusterSim;
  dir: string;
  /** a client-node config for a (new) cluster */
  kubeConfig(cluster: string): KubeConfig;
  /** writes the cluster's kubeconfig to the scratch dir and returns its path */
  kubeconfigFile(cluster: string): string;
  close(): Promise<void>;
}

export async function startHarness(options: ClusterSimOptions = {}): Promise<Harness> {
  const sim = await startClusterSim({ ...FAST, ...options, log: () => undefined });
  const dir = mkdtempSync(join(tmpdir(), 'cluster-sim-test-'));
  return {
    sim,
    dir,
    kubeConfig(cluster) {
      const kc = new KubeConfig();
      kc.loadFromString(sim.createCluster(cluster));
      return kc;
    },
    kubeconfigFile(cluster) {
      const path = join(dir, `${cluster}.kubeconfig`);
      writeFileSync(path, sim.createCluster(cluster), { mode: 0o600 });
      return path;
    },
    async close() {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails with the last error. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A raw HTTPS/HTTP request to the simulator, trusting its CA; returns status, headers and parsed JSON. */
export async function rawRequest(
  sim: ClusterSim,
  method: string,
  path: string,
  opts: { token?: string; body?: string; contentType?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: Record<string, unknown> }> {
  const { request } = sim.url.startsWith('https') ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    if (opts.contentType) headers['Content-Type'] = opts.contentType;
    const req = request(`${sim.url}${path}`, { method, headers, ...(sim.caPem ? { ca: sim.caPem } : {}) }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let json: Record<string, unknown> = {};
        try {
          json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        } catch {
          json = { text };
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
      });
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}
