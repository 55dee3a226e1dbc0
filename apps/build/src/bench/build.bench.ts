// bench:build — one Containerfile built and pushed through the build service (a package task: checkout, buildah bud,
// push with digest, component and app package zips into S3) against `buildah bud` + `buildah push` run directly on the
// same machine and context, runs alternated; then a 10-component app package: makespan against its slowest component.
// The service keeps a mirror of each repository (a fetch per build after the first) and builds with --timestamp 0.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createBareGitRepository, type BareGitRepository, adminFetch } from '@appmanager/testing';
import { contextFiles, microserviceBinder, startBuildTestBed } from '../testing/build-test-bed.js';

const run = promisify(execFile);
const runs = Number(process.env['BENCH_BUILD_RUNS'] ?? 5);
const payloadMb = Number(process.env['BENCH_BUILD_PAYLOAD_MB'] ?? 32);
const fmt = (n: number, d = 2) => n.toLocaleString('en-US', { maximumFractionDigits: d });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function json(url: string, init?: RequestInit): Promise<Record<string, unknown>> {
  const res = await adminFetch(url, { ...init, headers: { 'content-type': 'application/json' } });
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

type Task = {
  state: string;
  reason: string | null;
  componentPackageTasks: { startedAt: string; finishedAt: string; componentName: string }[];
};

async function packageTask(url: string, appId: string, components: unknown[]): Promise<{ ms: number; task: Task }> {
  const started = performance.now();
  const created = await json(`${url}/v1/apps/${appId}/app-package-tasks`, { method: 'POST', body: JSON.stringify({ components }) });
  for (;;) {
    const task = (await json(`${url}/v1/app-package-tasks/${String(created['id'])}`)) as unknown as Task;
    if (task.state === 'SUCCESS') return { ms: performance.now() - started, task };
    if (task.state === 'FAILURE') throw new Error(`package task failed: ${task.reason}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function main(): Promise<void> {
  const { stdout: buildahVersion } = await run('buildah', ['--version']);
  console.log('== machine');
  console.log(
    `  CPU ${cpus()[0]?.model} × ${cpus().length} cores, RAM ${fmt(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}, ${buildahVersion.trim()}`,
  );
  console.log(
    `  load average at start ${loadavg()
      .map((l) => fmt(l))
      .join(' / ')}`,
  );
  const bed = await startBuildTestBed('bench-build');
  const repos: BareGitRepository[] = [];
  const direct = await mkdtemp(join(tmpdir(), 'am-bench-direct-'));
  try {
    const source = await createBareGitRepository(contextFiles('bench', payloadMb));
    repos.push(source);
    const build = await bed.startBuild({ LOG_LEVEL: 'warn', BUILD_CONCURRENCY: '10' });
    // the direct baseline: the same context and store settings, by hand
    const storage = ['--storage-driver', 'vfs', '--root', join(direct, 'storage'), '--runroot', join(direct, 'run')];
    const service: number[] = [];
    const plain: number[] = [];
    const plainBuildPush: number[] = [];
    const sameFlags: number[] = [];
    console.log(`\n== one Containerfile (${payloadMb} MB payload), ${runs} runs each, alternated`);
    // by hand, the source is fetched too (a fresh clone each run, as the service checks out each build)
    const byHand = async (i: number, flags: string[], tagPrefix: string): Promise<{ total: number; buildPush: number }> => {
      const checkout = join(direct, `${tagPrefix}-${i}`);
      const cloned = performance.now();
      await run('git', ['clone', '-q', '--depth', '1', '--branch', 'main', source.url, checkout]);
      const started = performance.now();
      const image = `${bed.registry.host}/direct/bench:${tagPrefix}-${i}`;
      await run('buildah', [
        ...storage,
        'bud',
        '--isolation',
        'chroot',
        ...flags,
        '--build-arg',
        `GREETING=${tagPrefix}-${i}`,
        '-f',
        'Containerfile',
        '-t',
        image,
        checkout,
      ]);
      await run('buildah', [...storage, 'push', '--tls-verify=false', '--digestfile', join(direct, `digest-${tagPrefix}-${i}`), image]);
      return { total: performance.now() - cloned, buildPush: performance.now() - started };
    };
    for (let i = 0; i < runs; i++) {
      // a different build arg each run, so no side reuses the previous image and the service does not SKIP
      const binder = microserviceBinder('bench', source.url, { branch: 'main' });
      binder.options.containers[0]!.build.args = { GREETING: `run-${i}` };
      service.push((await packageTask(build.url, 'bench', [binder])).ms);
      const a = await byHand(i, [], 'plain');
      plain.push(a.total);
      plainBuildPush.push(a.buildPush);
      sameFlags.push((await byHand(i, ['--timestamp', '0'], 'ts0')).total);
      console.log(
        `  run ${i + 1}: service ${fmt(service.at(-1)! / 1000)} s; by hand: clone + bud + push ${fmt(a.total / 1000)} s (bud + push alone ${fmt(a.buildPush / 1000)} s), with --timestamp 0 as the service ${fmt(sameFlags.at(-1)! / 1000)} s`,
      );
    }
    const ratio = median(service) / median(plain);
    console.log(
      `  median: service ${fmt(median(service) / 1000)} s; by hand ${fmt(median(plain) / 1000)} s (bud + push alone ${fmt(median(plainBuildPush) / 1000)} s), same flags ${fmt(median(sameFlags) / 1000)} s`,
    );
    const verdict = (r: number) => `[goal ≤ 1.1] ${r <= 1.1 ? 'MET' : `MISSED by ${fmt(r - 1.1)}`}`;
    const bare = median(service) / median(plainBuildPush);
    // the issue's baseline: buildah bud + buildah push by hand (the source already there); the others for context
    console.log(`  ratio service / (buildah bud + buildah push, source already there) = ${fmt(bare)}   ${verdict(bare)}`);
    console.log(`  ratio service / (git clone + buildah bud + buildah push)          = ${fmt(ratio)}`);
    console.log(`  ratio service / (git clone + bud --timestamp 0 + push: its flags)  = ${fmt(median(service) / median(sameFlags))}`);

    console.log('\n== a 10-component app package (BUILD_CONCURRENCY=10)');
    const components = [];
    for (let i = 0; i < 10; i++) {
      const repo = await createBareGitRepository(contextFiles(`c${i}`, payloadMb / 4));
      repos.push(repo);
      components.push(microserviceBinder(`c${i}`, repo.url, { branch: 'main' }));
    }
    const { ms, task } = await packageTask(build.url, 'fleet', components);
    const durations = task.componentPackageTasks.map((c) => Date.parse(c.finishedAt) - Date.parse(c.startedAt));
    const slowest = Math.max(...durations);
    const sum = durations.reduce((a, b) => a + b, 0);
    console.log(`  makespan ${fmt(ms / 1000)} s; slowest component ${fmt(slowest / 1000)} s; sum of components ${fmt(sum / 1000)} s`);
    console.log(`  makespan / slowest = ${fmt(ms / slowest)}; makespan / sum (1 = sequential) = ${fmt(ms / sum)}`);
    console.log(
      `  load average at end ${loadavg()
        .map((l) => fmt(l))
        .join(' / ')}`,
    );
    await writeFile(join(direct, 'done'), '');
  } finally {
    await Promise.all(repos.map((r) => r.remove()));
    await bed.close();
    await rm(direct, { recursive: true, force: true });
  }
}

await main();
