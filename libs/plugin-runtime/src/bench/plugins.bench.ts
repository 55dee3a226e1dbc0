// bench:plugins — a ~2 KB render call through the sandbox pool (warm, cold, throughput), beside the
// same function called natively in Node (with the same JSON round trip), as a ratio.
import { availableParallelism, cpus, loadavg } from 'node:os';
import { aComponentDefinition, aContext, aPlugin } from '../corpus/corpus-fixtures.js';
import { PluginRuntime } from '../runtime/plugin-runtime.js';
import { RENDER_SOURCE, benchInput } from './bench-payload.js';

const warmCalls = Number(process.env['BENCH_WARM_CALLS'] ?? 3000);
const coldCalls = Number(process.env['BENCH_COLD_CALLS'] ?? 300);
const throughputCalls = Number(process.env['BENCH_THROUGHPUT_CALLS'] ?? 6000);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function summary(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

const ms = (value: number): string => `${value.toFixed(3)} ms`;

function nativeRender(): (input: unknown) => unknown {
  const module = { exports: {} as Record<string, (input: unknown) => unknown> };
  new Function('module', 'exports', RENDER_SOURCE)(module, module.exports);
  return module.exports['render'] as (input: unknown) => unknown;
}

async function main(): Promise<void> {
  const input = benchInput();
  const context = aContext();
  const inputJson = JSON.stringify({ ...input, context });
  const render = nativeRender();
  const outputBytes = JSON.stringify(render(JSON.parse(inputJson))).length;

  const native: number[] = [];
  for (let i = 0; i < warmCalls + 500; i++) {
    const t = performance.now();
    JSON.stringify(render(JSON.parse(inputJson)));
    if (i >= 500) native.push(performance.now() - t);
  }

  const startPool = performance.now();
  const runtime = new PluginRuntime({ pool: { size: availableParallelism() } });
  await runtime.pool.ready();
  const poolStartMs = performance.now() - startPool;
  const definition = aComponentDefinition();
  const plugin = aPlugin('bench', RENDER_SOURCE, definition);
  // warm: the calls of one deployment (one isolation key) share a sandbox, as deploy's do (ADR 0013)
  const call = (p = plugin, isolation: string | null = 'deployment-1') =>
    runtime.call({ plugin: p, fn: 'render', input, context, ...(isolation ? { isolation } : {}) });

  for (let i = 0; i < 300; i++) await call();
  const warm: number[] = [];
  const engine: number[] = [];
  for (let i = 0; i < warmCalls; i++) {
    const t = performance.now();
    const result = await call();
    warm.push(performance.now() - t);
    engine.push(result.stats.cpuMs);
  }

  // Cold: a new plug-in version each time, so every call creates a runtime + context and evaluates the code.
  const cold: number[] = [];
  for (let i = 0; i < coldCalls; i++) {
    const fresh = aPlugin('bench', `${RENDER_SOURCE}\n// version ${i}`, definition);
    const t = performance.now();
    const result = await call(fresh);
    cold.push(performance.now() - t);
    if (!result.stats.coldStart) throw new Error('expected a cold start');
  }

  // Isolated: every call of a different deployment (or of none): a sandbox of its own, the known code evaluated anew.
  const isolated: number[] = [];
  for (let i = 0; i < coldCalls; i++) {
    const t = performance.now();
    const result = await call(plugin, i % 2 === 0 ? `deployment-${i + 2}` : null);
    isolated.push(performance.now() - t);
    if (!result.stats.coldStart) throw new Error('expected a sandbox of its own');
  }

  const inFlight = runtime.pool.size * 2;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < throughputCalls) await call();
    }),
  );
  const callsPerSecond = throughputCalls / ((performance.now() - t0) / 1000);
  await runtime.close();

  const n = summary(native);
  const w = summary(warm);
  const e = summary(engine);
  const c = summary(cold);
  const iso = summary(isolated);
  const nativePerSecond = 1000 / (native.reduce((a, b) => a + b, 0) / native.length);
  const cpu = cpus();
  console.log(
    `machine: ${cpu[0]?.model ?? 'unknown cpu'}, ${cpu.length} cores, node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `payload: ${inputJson.length} B in, ${outputBytes} B out; pool of ${runtime.pool.size} workers started in ${ms(poolStartMs)}`,
  );
  console.log(
    `native Node (JSON in -> render -> JSON out): p50 ${ms(n.p50)}  p99 ${ms(n.p99)}  ~${Math.round(nativePerSecond)} calls/s on one thread`,
  );
  console.log(`sandbox warm, end to end through the pool:  p50 ${ms(w.p50)}  p99 ${ms(w.p99)}  (${warmCalls} sequential calls)`);
  console.log(`  of which guest time in QuickJS:           p50 ${ms(e.p50)}  p99 ${ms(e.p99)}`);
  console.log(`sandbox cold (new runtime+context+eval):    p50 ${ms(c.p50)}  p99 ${ms(c.p99)}  (${coldCalls} calls)`);
  console.log(`first call of another deployment (isolated): p50 ${ms(iso.p50)}  p99 ${ms(iso.p99)}  (${coldCalls} calls)`);
  console.log(`sandbox throughput: ${Math.round(callsPerSecond)} calls/s (${inFlight} in flight, ${throughputCalls} calls)`);
  console.log(`ratio sandbox/native: p50 ${(w.p50 / n.p50).toFixed(1)}x, p99 ${(w.p99 / n.p99).toFixed(1)}x`);
  console.log(`targets: warm p50 <= 0.6 ms ${w.p50 <= 0.6 ? 'met' : 'MISSED'}, p99 <= 2 ms ${w.p99 <= 2 ? 'met' : 'MISSED'}`);
}

await main();
