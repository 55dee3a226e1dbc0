import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startClusterSim } from '@appmanager/kube-sim';

const USAGE = `cluster-sim: a wire-compatible Kubernetes API simulator serving many virtual clusters

  --port <n>               listening port (default 6443; 0 = any free port)
  --host <addr>            listening address (default 127.0.0.1)
  --http                   serve plain HTTP instead of HTTPS
  --clusters <n>           clusters to create at start (default 3)
  --prefix <name>          cluster name prefix (default sim)
  --admin-token <token>    admin API token (default: random, written to <kubeconfig-dir>/admin-token)
  --pod-ready-delay-ms <n> delay before Pods are Running/Ready (default 1000)
  --job-run-ms <n>         how long a Job's Pod runs before it exits (default 2000)
  --unpullable-image <re>  images matching this stay in ImagePullBackOff (default does-not-exist|unpullable)
  --flux-reconcile-ms <n>  delay before Flux HelmReleases, Kustomizations and sources are Ready (default 500)
  --broken-chart <re>      HelmReleases of charts matching this fail with InstallFailed (default ^broken-)
  --kubeconfig-dir <dir>   where kubeconfigs are written (default <tmp>/cluster-sim)
  --help`;

function main(): Promise<void> | void {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '6443' },
      host: { type: 'string', default: '127.0.0.1' },
      http: { type: 'boolean', default: false },
      clusters: { type: 'string', default: '3' },
      prefix: { type: 'string', default: 'sim' },
      'admin-token': { type: 'string' },
      'pod-ready-delay-ms': { type: 'string', default: '1000' },
      'job-run-ms': { type: 'string', default: '2000' },
      'unpullable-image': { type: 'string', default: 'does-not-exist|unpullable' },
      'flux-reconcile-ms': { type: 'string', default: '500' },
      'broken-chart': { type: 'string', default: '^broken-' },
      'kubeconfig-dir': { type: 'string', default: join(tmpdir(), 'cluster-sim') },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const numbers = {
    port: Number(values.port),
    clusters: Number(values.clusters),
    delay: Number(values['pod-ready-delay-ms']),
    jobRunMs: Number(values['job-run-ms']),
    fluxReconcileMs: Number(values['flux-reconcile-ms']),
  };
  const flags: Record<string, string> = { delay: 'pod-ready-delay-ms', jobRunMs: 'job-run-ms', fluxReconcileMs: 'flux-reconcile-ms' };
  for (const [flag, n] of Object.entries(numbers)) {
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${flags[flag] ?? flag} must be a non-negative integer\n\n${USAGE}`);
  }
  return run(values, numbers, {
    unpullableImage: regex('unpullable-image', values['unpullable-image']),
    brokenChart: regex('broken-chart', values['broken-chart']),
  });
}

function regex(flag: string, source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (err) {
    throw new Error(`--${flag} is not a regular expression: ${(err as Error).message}`);
  }
}

async function run(
  values: { host: string; http: boolean; prefix: string; 'admin-token'?: string; 'kubeconfig-dir': string },
  n: { port: number; clusters: number; delay: number; jobRunMs: number; fluxReconcileMs: number },
  patterns: { unpullableImage: RegExp; brokenChart: RegExp },
): Promise<void> {
  const sim = await startClusterSim({
    port: n.port,
    host: values.host,
    tls: !values.http,
    clusters: n.clusters,
    clusterPrefix: values.prefix,
    podReadyDelayMs: n.delay,
    jobRunMs: n.jobRunMs,
    fluxReconcileMs: n.fluxReconcileMs,
    ...patterns,
    ...(values['admin-token'] ? { adminToken: values['admin-token'] } : {}),
  });
  const dir = values['kubeconfig-dir'];
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (let i = 1; i <= Math.min(n.clusters, 10); i++) {
    const name = `${values.prefix}-${i}`;
    const path = join(dir, `${name}.kubeconfig`);
    writeFileSync(path, sim.kubeconfig(name), { mode: 0o600 });
    paths.push(path);
  }
  console.log(`cluster-sim listening on ${sim.url} with ${n.clusters} cluster(s)`);
  const tokenPath = join(dir, 'admin-token');
  writeFileSync(tokenPath, sim.adminToken, { mode: 0o600 });
  console.log(`admin API: ${sim.url}/admin/v1/clusters (bearer token in ${tokenPath})`);
  if (paths[0]) console.log(`kubeconfig of ${values.prefix}-1: ${paths[0]}`);
  if (paths.length > 1) console.log(`other kubeconfigs in ${dir}`);
  const stop = (): void => void sim.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

try {
  await main();
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
