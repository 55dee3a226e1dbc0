// npm run bench:cluster-sim — registers 100,000 virtual clusters in one simulator process and
// reports memory per idle cluster, memory per touched cluster, and LIST requests per second
// served to @kubernetes/client-node clients. Prints the machine it ran on; asserts nothing.
import { fork, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 100_000);
const TOUCHED = Number(process.env.BENCH_TOUCHED ?? 200);
const CONFIGMAPS = 10;
const FIRST_TOUCH = Number(process.env.BENCH_FIRST_TOUCH ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;

interface Measure {
  rss: number;
  heapUsed: number;
  cpuUserUs: number;
  cpuSystemUs: number;
}

let seq = 0;
function measure(child: ChildProcess): Promise<Measure> {
  const id = ++seq;
  return new Promise((resolve) => {
    const onMessage = (m: Measure & { seq?: number }) => {
      if (m.seq !== id) return;
      child.off('message', onMessage);
      resolve(m);
    };
    child.on('message', onMessage);
    child.send({ op: 'measure', seq: id });
  });
}

function admin(
  url: string,
  token: string,
  ca: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const payload = body ? JSON.stringify(body) : undefined;
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https') ? httpsRequest : httpRequest)(
      `${url}/admin/v1${path}`,
      {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        ...(ca ? { ca } : {}),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve(JSON.parse(text) as Record<string, unknown>));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KiB`;

async function main(tls: boolean): Promise<void> {
  const child = fork(fileURLToPath(new URL('./bench-server.js', import.meta.url)), tls ? [] : ['--http'], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ready = await new Promise<{ url: string; adminToken: string; caPem?: string }>((resolve) =>
      child.once('message', resolve as never),
    );
    const { url, adminToken, caPem } = ready;
    const base = await measure(child);
    const t0 = performance.now();
    const created = await admin(url, adminToken, caPem, 'POST', '/clusters', { prefix: 'fleet', count: CLUSTERS });
    const registerMs = performance.now() - t0;
    const idle = await measure(child);

    const apis: CoreV1Api[] = [];
    for (let i = 1; i <= TOUCHED; i++) {
      const cluster = (await admin(url, adminToken, caPem, 'GET', `/clusters/fleet-${i}`)) as { kubeconfig: string };
      const kc = new KubeConfig();
      kc.loadFromString(cluster.kubeconfig);
      apis.push(kc.makeApiClient(CoreV1Api));
    }
    const payload = 'x'.repeat(2000);
    await Promise.all(
      apis.map(async (api) => {
        for (let c = 0; c < CONFIGMAPS; c++) {
          await api.createNamespacedConfigMap({
            namespace: 'default',
            body: { metadata: { name: `cm-${c}`, labels: { bench: 'yes' } }, data: { payload } },
          });
        }
      }),
    );
    const touched = await measure(child);

    // First touch of idle clusters: one LIST each materialises them (namespaces, node, controllers).
    const firstTouch: CoreV1Api[] = [];
    for (let i = TOUCHED + 1; i <= TOUCHED + FIRST_TOUCH; i++) {
      const kc = new KubeConfig();
      kc.loadFromString(((await admin(url, adminToken, caPem, 'GET', `/clusters/fleet-${i}`)) as { kubeconfig: string }).kubeconfig);
      firstTouch.push(kc.makeApiClient(CoreV1Api));
    }
    const t1 = performance.now();
    let cursor = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (cursor < firstTouch.length) await firstTouch[cursor++]!.listNamespacedConfigMap({ namespace: 'default' });
      }),
    );
    const firstTouchMs = performance.now() - t1;
    const afterFirstTouch = await measure(child);

    const latencies: number[] = [];
    let errors = 0;
    let bytes = 0;
    const cpuBefore = await measure(child);
    const end = performance.now() + DURATION_MS;
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < end) {
          const api = apis[next++ % apis.length]!;
          const s = performance.now();
          try {
            const list = await api.listNamespacedConfigMap({ namespace: 'default' });
            if (latencies.length === 0) bytes = JSON.stringify(list).length;
            latencies.push(performance.now() - s);
          } catch {
            errors++;
          }
        }
      }),
    );
    const cpuAfter = await measure(child);
    latencies.sort((a, b) => a - b);
    const pct = (p: number): string => `${latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!.toFixed(2)} ms`;
    const serverCpuMs = (cpuAfter.cpuUserUs + cpuAfter.cpuSystemUs - cpuBefore.cpuUserUs - cpuBefore.cpuSystemUs) / 1000;

    console.log(`clusters registered: ${String(created.created)} in ${registerMs.toFixed(0)} ms (one admin call)`);
    console.log(`simulator memory: baseline rss ${(base.rss / 2 ** 20).toFixed(1)} MiB, heap ${(base.heapUsed / 2 ** 20).toFixed(1)} MiB`);
    console.log(
      `memory per idle cluster: ${kb((idle.heapUsed - base.heapUsed) / CLUSTERS)} heap, ${kb((idle.rss - base.rss) / CLUSTERS)} rss`,
    );
    console.log(
      `memory per touched cluster (materialised, ${CONFIGMAPS} ConfigMaps of 2 KB, controllers idle): ${kb((touched.heapUsed - idle.heapUsed) / TOUCHED)} heap`,
    );
    console.log(
      `first touch of ${FIRST_TOUCH} idle clusters (one LIST each): ${(FIRST_TOUCH / (firstTouchMs / 1000)).toFixed(0)} clusters/s, ${kb((afterFirstTouch.heapUsed - touched.heapUsed) / FIRST_TOUCH)} heap per touched empty cluster`,
    );
    console.log(
      `LIST configmaps (${CONFIGMAPS} items, ${(bytes / 1024).toFixed(1)} KiB JSON) over ${tls ? 'HTTPS (client-node 2 opens a new TLS connection per request)' : 'plain HTTP'}: ${TOUCHED} clusters, ${CONCURRENCY} in flight, ${DURATION_MS / 1000} s`,
    );
    console.log(
      `  ${latencies.length} ok, ${errors} errors, ${(latencies.length / (DURATION_MS / 1000)).toFixed(0)} req/s; latency p50 ${pct(0.5)}, p99 ${pct(0.99)}`,
    );
    console.log(
      `  simulator CPU: ${(serverCpuMs / latencies.length).toFixed(3)} ms per LIST (client and server share the ${cpus().length} cores)`,
    );
    console.log(`simulator rss at end: ${(cpuAfter.rss / 2 ** 20).toFixed(1)} MiB`);
  } finally {
    child.kill('SIGTERM');
  }
}

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`,
);
for (const tls of [true, false]) {
  console.log(`\n== simulator over ${tls ? 'HTTPS' : 'HTTP'} ==`);
  await main(tls);
}
