import { adminFetch } from '@appmanager/testing';
// bench:deploy — a layered application of k8s-objects ConfigMaps through the deploy service (dist/main.js, real
// NATS, Postgres, cluster-sim with instant readiness, plug-ins through the pool), beside the floor: the same
// rendered manifests server-side applied straight through client-node in the same order with the same parallelism.
import { cpus, loadavg } from 'node:os';
import { aLayeredApplication } from '../testing/layered-application.js';
import { BenchStack, type DeployProcess } from './bench-stack.js';
import { DeploymentWatch } from './deployment-watch.js';
import { DirectApply, type PlannedGraph } from './floor.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const components = env('BENCH_COMPONENTS', 1000);
const layers = env('BENCH_LAYERS', 10);
const width = Math.ceil(components / layers);
const parallel = env('BENCH_PARALLEL', Math.max(8, width));
const concurrent = env('BENCH_CONCURRENT', 50);
const smallComponents = env('BENCH_SMALL_COMPONENTS', 10);
const smallLayers = env('BENCH_SMALL_LAYERS', 3);
const chain = env('BENCH_CHAIN', 20);
const repeat = env('BENCH_REPEAT', 1);
const skip = new Set((process.env['BENCH_SKIP'] ?? '').split(',').filter(Boolean));
const deployNodeOptions = (process.env['BENCH_DEPLOY_NODE_OPTIONS'] ?? '').split(' ').filter(Boolean);
const timeoutMs = env('BENCH_TIMEOUT_MS', 600_000);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const sortedOf = (values: number[]) => [...values].sort((a, b) => a - b);
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const ratio = (value: number) => `x${value.toFixed(2)}`;

async function post(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await adminFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function plan(deploy: DeployProcess, configuration: unknown): Promise<PlannedGraph> {
  const answer = await post(`${deploy.url}/v1/deployments:plan`, { configuration });
  if (answer.status !== 200) throw new Error(`plan answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
  return answer.body as PlannedGraph;
}

/** Launches through `POST /v1/deployments`; resolves with launch→SUCCESS (ms) and the deployment id. */
async function launchAndWait(
  deploy: DeployProcess,
  watch: DeploymentWatch,
  appId: string,
  configuration: unknown,
): Promise<{ id: string; ms: number }> {
  const t0 = performance.now();
  const answer = await post(`${deploy.url}/v1/deployments`, { appId, configuration });
  if (answer.status !== 202) throw new Error(`launch answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
  const id = (answer.body as { id: string }).id;
  return { id, ms: (await watch.success(id, timeoutMs)) - t0 };
}

interface GraphView {
  nodes: { startedAt: string | null; finishedAt: string | null }[];
  criticalPath: { length: number };
}

/** (a)/(c): one layered application; the service's figures from its own graph, beside the floor. */
async function layered(label: string, deploy: DeployProcess, watch: DeploymentWatch, floor: DirectApply, run: number): Promise<void> {
  const name = `${label}${run}`;
  const configuration = aLayeredApplication({ name, components, layers });
  const graph = await plan(deploy, configuration);
  const cpu0 = deploy.cpuMs();
  const launched = await launchAndWait(deploy, watch, name, configuration);
  const cpuPerNode = (deploy.cpuMs() - cpu0) / components;
  const view = (await (await adminFetch(`${deploy.url}/v1/deployments/${launched.id}/graph`)).json()) as GraphView;
  const starts = view.nodes.map((n) => Date.parse(n.startedAt!));
  const ends = view.nodes.map((n) => Date.parse(n.finishedAt!));
  const spanMs = Math.max(...ends) - Math.min(...starts);
  const nodeMs = sortedOf(view.nodes.map((_, i) => ends[i]! - starts[i]!));
  const direct = await floor.run(graph, parallel);
  const floorNodeMs = sortedOf(direct.nodeMs);
  console.log(
    `(${label}) run ${run}: launch->SUCCESS ${ms(launched.ms)} (${(components / (launched.ms / 1000)).toFixed(0)} nodes/s) | floor ${ms(direct.makespanMs)} (${(components / (direct.makespanMs / 1000)).toFixed(0)} nodes/s) | ${ratio(launched.ms / direct.makespanMs)} floor`,
  );
  console.log(
    `    overhead per node ${ms((launched.ms - direct.makespanMs) / components)} (launch->SUCCESS minus floor, / ${components} nodes); deploy process CPU ${ms(cpuPerNode)} per node | ` +
      `node start->finish p50 ${ms(percentile(nodeMs, 50))} p99 ${ms(percentile(nodeMs, 99))}, floor p50 ${ms(percentile(floorNodeMs, 50))} p99 ${ms(percentile(floorNodeMs, 99))}`,
  );
  console.log(
    `    first node start -> last node finish ${ms(spanMs)}; critical path (measured node durations) ${ms(view.criticalPath.length)}; makespan / critical path ${ratio(spanMs / view.criticalPath.length)}` +
      ` (launch->SUCCESS / critical path ${ratio(launched.ms / view.criticalPath.length)})`,
  );
}

/** (a0): a chain of `chain` components, one node at a time: a node's latency through deploy with nothing beside it. */
async function chained(deploy: DeployProcess, watch: DeploymentWatch, floor: DirectApply, run: number): Promise<void> {
  const name = `chain${run}`;
  const configuration = aLayeredApplication({ name, components: chain, layers: chain });
  const graph = await plan(deploy, configuration);
  const launchedAt = Date.now();
  const launched = await launchAndWait(deploy, watch, name, configuration);
  const view = (await (await adminFetch(`${deploy.url}/v1/deployments/${launched.id}/graph`)).json()) as GraphView;
  const nodes = view.nodes
    .map((n) => ({ start: Date.parse(n.startedAt!), end: Date.parse(n.finishedAt!) }))
    .sort((a, b) => a.start - b.start);
  const nodeMs = sortedOf(nodes.map((n) => n.end - n.start));
  const gaps = sortedOf(nodes.slice(1).map((n, i) => n.start - nodes[i]!.end));
  const direct = await floor.run(graph, 1);
  console.log(
    `(a0) run ${run}: chain of ${chain}: launch->SUCCESS ${ms(launched.ms)}, ${ms(launched.ms / chain)} per node | floor ${ms(direct.makespanMs)}, ${ms(direct.makespanMs / chain)} per node | ${ratio(launched.ms / direct.makespanMs)} floor`,
  );
  console.log(
    `    launch -> first node start ${ms(nodes[0]!.start - launchedAt)}; node start->finish p50 ${ms(percentile(nodeMs, 50))}; a node's finish -> the next one's start p50 ${ms(percentile(gaps, 50))}; ` +
      `last node finish -> SUCCESS seen ${ms(launchedAt + launched.ms - nodes.at(-1)!.end)}`,
  );
}

/** (b): `concurrent` deployments of a small layered application launched at once. */
async function concurrentDeployments(deploy: DeployProcess, watch: DeploymentWatch, floor: DirectApply, run: number): Promise<void> {
  const apps = Array.from({ length: concurrent }, (_, i) =>
    aLayeredApplication({ name: `b${run}-${i}`, components: smallComponents, layers: smallLayers }),
  );
  const graphs = await Promise.all(apps.map((app) => plan(deploy, app)));
  const t0 = performance.now();
  const cpu0 = deploy.cpuMs();
  const launched = await Promise.all(apps.map((app, i) => launchAndWait(deploy, watch, `b${run}-${i}`, app)));
  const totalMs = performance.now() - t0;
  const cpuPerDeployment = (deploy.cpuMs() - cpu0) / concurrent;
  const latencies = sortedOf(launched.map((l) => l.ms));
  const f0 = performance.now();
  const direct = await Promise.all(graphs.map((graph) => floor.run(graph, parallel)));
  const floorTotalMs = performance.now() - f0;
  const floorLatencies = sortedOf(direct.map((d) => d.makespanMs));
  console.log(
    `(b) run ${run}: ${(concurrent / (totalMs / 1000)).toFixed(1)} deployments/s, launch->SUCCESS p50 ${ms(percentile(latencies, 50))} p99 ${ms(percentile(latencies, 99))} | ` +
      `floor ${(concurrent / (floorTotalMs / 1000)).toFixed(1)} deployments/s, p50 ${ms(percentile(floorLatencies, 50))} p99 ${ms(percentile(floorLatencies, 99))} | ` +
      `throughput ${ratio(floorTotalMs / totalMs)} floor, p50 ${ratio(percentile(latencies, 50) / percentile(floorLatencies, 50))} floor; deploy process CPU ${ms(cpuPerDeployment)} per deployment`,
  );
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(
    `machine: ${cpu[0]?.model ?? 'unknown cpu'}, ${cpu.length} cores, node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const sample = JSON.stringify(aLayeredApplication({ name: 'a1', components, layers }));
  console.log(
    `application: ${components} k8s-objects ConfigMaps in ${layers} layers of ${width} (${(sample.length / 1024).toFixed(0)} KB of JSON); DEPLOY_MAX_PARALLEL=${parallel}; ` +
      `(a0) a chain of ${chain}; (b) ${concurrent} x ${smallComponents} components in ${smallLayers} layers; ${repeat} run(s) each`,
  );
  const stack = await BenchStack.start();
  const watch = new DeploymentWatch(stack.client);
  const floor = new DirectApply(await stack.kubeconfig('sim-2'), 'shop', process.env['BENCH_FLOOR_NEW_CONNECTIONS'] !== '1');
  await floor.ensureNamespace();
  // DEPLOY_* of the bench's own environment reach the service, to compare settings
  const passed = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => k.startsWith('DEPLOY_') && v !== undefined)) as Record<
    string,
    string
  >;
  const deployEnv = { DEPLOY_MAX_PARALLEL: String(parallel), ...passed };
  if (Object.keys(passed).length > 0)
    console.log(
      `deploy settings: ${Object.entries(passed)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
  let deploy: DeployProcess | undefined;
  try {
    deploy = await stack.deploy(deployEnv, deployNodeOptions);
    await stack.register(deploy.url, 'sim-1');
    console.log('plug-ins: built-in bundles through the QuickJS pool');
    if (!skip.has('a0')) for (let run = 1; run <= repeat; run++) await chained(deploy, watch, floor, run);
    if (!skip.has('a')) for (let run = 1; run <= repeat; run++) await layered('a', deploy, watch, floor, run);
    if (!skip.has('b')) for (let run = 1; run <= repeat; run++) await concurrentDeployments(deploy, watch, floor, run);
    if (!skip.has('c')) {
      await deploy.stop();
      const registryUrl = await stack.registry();
      deploy = await stack.deploy({ ...deployEnv, PLUGIN_REGISTRY_URL: registryUrl }, deployNodeOptions);
      console.log('plug-ins: resolved through the plug-in registry (a process of its own), run in the QuickJS pool');
      for (let run = 1; run <= repeat; run++) await layered('c', deploy, watch, floor, run);
    }
    console.log(
      `targets (benchmark, not test): overhead <= 2 ms per node, makespan <= 1.1 x critical path; load average now ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } catch (error) {
    if (deploy) console.error(`deploy output (last lines):\n${deploy.output().split('\n').slice(-20).join('\n')}`);
    throw error;
  } finally {
    watch.close();
    await deploy?.stop();
    await stack.stop();
  }
}

try {
  await main();
} catch (error) {
  console.error(`bench:deploy failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
