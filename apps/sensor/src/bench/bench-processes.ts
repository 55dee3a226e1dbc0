import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startServiceProcess } from '@appmanager/testing';

const SIM_MAIN = fileURLToPath(new URL('../../../cluster-sim/dist/main.js', import.meta.url));
export const SENSOR_MAIN = fileURLToPath(new URL('../main.js', import.meta.url));
export const DEPLOY_MAIN = fileURLToPath(new URL('../../../deploy/dist/main.js', import.meta.url));

/** A child process of the benchmark: its CPU time and RSS from /proc, stopped by SIGTERM or SIGKILL. */
export interface BenchProcess {
  name: string;
  pid: number;
  url: string;
  output(): string;
  cpuMs(): number;
  rssBytes(): number;
  exited(): boolean;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** utime + stime of a process from /proc (Linux), in ms; NaN where /proc is missing. */
export function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size from /proc/<pid>/status, in bytes. */
export function processRssBytes(pid: number): number {
  try {
    const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line ? Number(line[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function wrap(name: string, child: ChildProcess, url: string, output: () => string): BenchProcess {
  const pid = child.pid!;
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  return {
    name,
    pid,
    url,
    output,
    cpuMs: () => processCpuMs(pid),
    rssBytes: () => processRssBytes(pid),
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (exited()) return;
      const done = once(child, 'exit');
      child.kill(signal);
      await done;
    },
  };
}

/** Every process the benchmark started, so an error anywhere still stops them all. */
export class ProcessGroup {
  private readonly processes: BenchProcess[] = [];
  private readonly cleanups: (() => Promise<void>)[] = [];

  add<P extends BenchProcess>(process: P): P {
    this.processes.push(process);
    return process;
  }

  onStop(cleanup: () => Promise<void>): void {
    this.cleanups.push(cleanup);
  }

  async service(name: string, main: string, env: Record<string, string>): Promise<BenchProcess> {
    const started = await startServiceProcess({
      name,
      main,
      port: await freePort(),
      echoStderr: !!process.env['BENCH_STDERR'],
      env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', ...env },
    });
    return this.add(wrap(name, started.child, started.url, started.output));
  }

  /** Kills what is still running (children first, then NATS, Postgres and scratch dirs). */
  async stopAll(): Promise<void> {
    await Promise.allSettled(this.processes.reverse().map((p) => p.stop('SIGKILL')));
    for (const cleanup of this.cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

export interface SimProcess extends BenchProcess {
  adminToken: string;
  caPem: string;
}

/** apps/cluster-sim as its own process (HTTPS), Pods ready at once, with one warm-up cluster for its CA. */
export async function startSim(group: ProcessGroup, adminToken: string): Promise<SimProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'am-sensor-bench-sim-'));
  group.onStop(() => rm(dir, { recursive: true, force: true }));
  const args = ['--max-old-space-size=8192', SIM_MAIN, '--port', '0', '--clusters', '1', '--prefix', 'warm'];
  args.push('--kubeconfig-dir', dir, `--admin-token=${adminToken}`, '--pod-ready-delay-ms', '0');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => void (out = (out + chunk.toString()).slice(-20_000)));
  child.stderr?.on('data', (chunk: Buffer) => void (out = (out + chunk.toString()).slice(-20_000)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /listening on (\S+)/.exec(out);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`cluster-sim exited with ${code}: ${out}`));
    });
  });
  const caData = /certificate-authority-data: (\S+)/.exec(await readFile(join(dir, 'warm-1.kubeconfig'), 'utf8'))?.[1];
  if (!caData) throw new Error('cluster-sim wrote a kubeconfig without a CA');
  const caPem = Buffer.from(caData, 'base64').toString('utf8');
  return { ...group.add(wrap('cluster-sim', child, url, () => out)), adminToken, caPem };
}
