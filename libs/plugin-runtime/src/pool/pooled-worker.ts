import { Worker } from 'node:worker_threads';
import type { PluginErrorData } from '../errors/plugin-error.js';
import type { CallLimits, WorkerLimits } from '../limits/sandbox-limits.js';
import {
  MAX_KNOWN_PLUGINS,
  type CallStats,
  type EngineVariant,
  type HostCallFailure,
  type HostToWorker,
  type PluginLoad,
  type WorkerToHost,
} from '../worker/worker-protocol.js';

export type HostCallAnswer = { ok: true; json: string } | { ok: false; code: HostCallFailure; message: string };

export interface PoolJob {
  key: string;
  /** Calls of one scope may share a warm sandbox; without one the call gets a sandbox of its own. */
  scope?: string;
  load: PluginLoad;
  fn: string;
  input: string;
  limits: CallLimits;
  onHostCall(capability: string, method: string, args: string): Promise<HostCallAnswer>;
}

export type JobResult = { ok: true; output: string; stats: CallStats } | { ok: false; error: PluginErrorData; stats: CallStats };

interface ActiveCall {
  id: number;
  job: PoolJob;
  startedAt: number;
  timer?: NodeJS.Timeout;
  resolve(result: JobResult): void;
}

const WORKER_URL = new URL('../worker/sandbox.worker.js', import.meta.url);
const NO_STATS: CallStats = { hostCalls: 0, cpuMs: 0, coldStart: false };
let nextId = 1;

/**
 * One worker thread and the call it is running. A watchdog reads the slice clock the worker publishes
 * in shared memory: a guest slice running past `hardKillMs` (QuickJS polls its interrupt handler
 * only every ~10k branches, so a loop of heavy built-ins overshoots) gets the thread terminated.
 */
export class PooledWorker {
  readonly knownKeys = new Set<string>();
  readonly ready: Promise<void>;
  alive = true;
  isReady = false;
  private active?: ActiveCall;
  private readonly worker: Worker;
  private readonly sliceClock = new Float64Array(new SharedArrayBuffer(8));
  private killReason?: PluginErrorData;

  constructor(
    variant: EngineVariant,
    limits: WorkerLimits,
    private readonly onExit: (worker: PooledWorker) => void,
  ) {
    this.worker = new Worker(WORKER_URL, {
      workerData: { limits, variant, sliceClock: this.sliceClock.buffer },
      // A small V8 stack: deep guest recursion must hit QuickJS's own stack limit, which is catchable.
      resourceLimits: { stackSizeMb: 4, maxOldGenerationSizeMb: 256 },
      // Emscripten reports every failed heap growth on stderr; under a memory bomb that is expected
      // noise, and the outcome reaches the caller as PLUGIN_OUT_OF_MEMORY anyway.
      stdout: true,
      stderr: true,
    });
    this.worker.stdout.resume();
    this.worker.stderr.resume();
    this.worker.unref();
    let markReady: () => void = () => undefined;
    this.ready = new Promise((resolve) => (markReady = resolve));
    this.worker.on('message', (message: WorkerToHost) => {
      if (message.t === 'ready') {
        this.isReady = true;
        markReady();
      } else this.onMessage(message);
    });
    this.worker.on('error', (error) => this.fail({ code: 'PLUGIN_SANDBOX_CRASH', message: `sandbox worker crashed: ${error.message}` }));
    this.worker.on('exit', () => {
      this.alive = false;
      this.fail(this.killReason ?? { code: 'PLUGIN_SANDBOX_CRASH', message: 'sandbox worker exited' });
      markReady();
      this.onExit(this);
    });
  }

  get busy(): boolean {
    return this.active !== undefined;
  }

  run(job: PoolJob): Promise<JobResult> {
    if (this.active) throw new Error('worker is busy');
    return new Promise((resolve) => {
      const call: ActiveCall = { id: nextId++, job, startedAt: epochNow(), resolve };
      this.active = call;
      const known = this.knownKeys.has(job.key);
      const forgetLoads = !known && this.knownKeys.size >= MAX_KNOWN_PLUGINS;
      if (forgetLoads) this.knownKeys.clear();
      this.knownKeys.add(job.key);
      this.send({
        t: 'call',
        id: call.id,
        key: job.key,
        ...(job.scope !== undefined ? { scope: job.scope } : {}),
        load: known ? undefined : job.load,
        forgetLoads,
        fn: job.fn,
        input: job.input,
        limits: job.limits,
      });
      this.arm(call, job.limits.hardKillMs);
    });
  }

  /** Debug builds only: disposes the worker's sandboxes and reports leaked QuickJS memory. */
  leakCheck(): Promise<{ ok: boolean; message: string }> {
    return new Promise((resolve) => {
      const listener = (message: WorkerToHost): void => {
        if (message.t !== 'leakReport') return;
        this.worker.off('message', listener);
        this.knownKeys.clear();
        resolve(message);
      };
      this.worker.on('message', listener);
      this.send({ t: 'leakCheck' });
    });
  }

  async terminate(reason?: PluginErrorData): Promise<void> {
    this.killReason ??= reason;
    this.alive = false;
    await this.worker.terminate();
  }

  private onMessage(message: WorkerToHost): void {
    const call = this.active;
    if (message.t === 'fatal') {
      this.killReason ??= { code: 'PLUGIN_SANDBOX_CRASH', message: `sandbox module failed: ${message.message}` };
      return;
    }
    if (!call) return;
    if (message.t === 'hostCall' && message.id === call.id) {
      call.job.onHostCall(message.capability, message.method, message.args).then(
        (answer) => this.active === call && this.send({ t: 'hostResult', id: call.id, callId: message.callId, ...answer }),
        (error: unknown) =>
          this.active === call &&
          this.send({ t: 'hostResult', id: call.id, callId: message.callId, ok: false, code: 'FAILED', message: String(error) }),
      );
    } else if (message.t === 'done' && message.id === call.id) {
      // no new call may reach a worker that is about to exit
      if (message.retiring) this.alive = false;
      this.finish(
        message.ok ? { ok: true, output: message.output, stats: message.stats } : { ok: false, error: message.error, stats: message.stats },
      );
    }
  }

  private arm(call: ActiveCall, delayMs: number): void {
    call.timer = setTimeout(() => this.watch(call), Math.max(1, delayMs));
  }

  private watch(call: ActiveCall): void {
    if (this.active !== call) return;
    const { hardKillMs, wallMs } = call.job.limits;
    const now = epochNow();
    const slice = this.sliceClock[0] ?? 0;
    if (slice !== 0 && now - slice >= hardKillMs) {
      void this.terminate({ code: 'PLUGIN_TIMEOUT', message: `ran ${Math.round(now - slice)} ms without yielding and was killed` });
    } else if (now - call.startedAt > wallMs + hardKillMs) {
      void this.terminate({ code: 'PLUGIN_TIMEOUT', message: `exceeded its wall-clock budget of ${wallMs} ms and was killed` });
    } else {
      this.arm(call, slice === 0 ? hardKillMs : hardKillMs - (now - slice));
    }
  }

  private fail(error: PluginErrorData): void {
    this.finish({ ok: false, error, stats: NO_STATS });
  }

  private finish(result: JobResult): void {
    const call = this.active;
    if (!call) return;
    clearTimeout(call.timer);
    this.active = undefined;
    call.resolve(result);
  }

  private send(message: HostToWorker): void {
    this.worker.postMessage(message);
  }
}

/** Epoch milliseconds with sub-millisecond resolution, comparable across threads. */
function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
