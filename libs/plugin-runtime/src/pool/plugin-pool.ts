import { availableParallelism } from 'node:os';
import { DEFAULT_WORKER_LIMITS, type WorkerLimits } from '../limits/sandbox-limits.js';
import type { EngineVariant } from '../worker/worker-protocol.js';
import { PooledWorker, type JobResult, type PoolJob } from './pooled-worker.js';

export interface PluginPoolOptions {
  /** Worker threads; defaults to the number of cores. Each runs one call at a time. */
  size?: number;
  limits?: Partial<WorkerLimits>;
  /** `debug` is the leak-checking build of QuickJS: slow, for tests. */
  variant?: EngineVariant;
}

const MAX_STARTUP_FAILURES = 3;

function brokenResult(message: string): JobResult {
  return { ok: false, error: { code: 'PLUGIN_SANDBOX_CRASH', message }, stats: { hostCalls: 0, cpuMs: 0, coldStart: false } };
}

interface QueuedJob {
  job: PoolJob;
  resolve(result: JobResult): void;
}

/**
 * Worker threads with warm plug-in contexts. A call goes to an idle worker that already has the
 * plug-in warm, else to any idle worker, else waits. A worker that crashes or is killed is replaced;
 * only the call it was running fails.
 */
export class PluginPool {
  private readonly workers: PooledWorker[] = [];
  private readonly queue: QueuedJob[] = [];
  private readonly limits: WorkerLimits;
  private readonly variant: EngineVariant;
  private closed = false;
  private startupFailures = 0;
  private broken?: string;
  restarts = 0;

  constructor(options: PluginPoolOptions = {}) {
    this.limits = { ...DEFAULT_WORKER_LIMITS, ...options.limits };
    this.variant = options.variant ?? 'release';
    const size = Math.max(1, options.size ?? availableParallelism());
    for (let i = 0; i < size; i++) this.workers.push(this.spawn());
  }

  get size(): number {
    return this.workers.length;
  }

  /** Resolves once every worker has loaded its QuickJS module. */
  async ready(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.ready));
  }

  run(job: PoolJob): Promise<JobResult> {
    if (this.closed) return Promise.reject(new Error('the plug-in pool is closed'));
    if (this.broken) return Promise.resolve(brokenResult(this.broken));
    return new Promise((resolve) => {
      this.queue.push({ job, resolve });
      this.dispatch();
    });
  }

  /** Debug variant only: every worker disposes its sandboxes and asserts QuickJS freed everything. */
  async leakCheck(): Promise<Array<{ ok: boolean; message: string }>> {
    await this.ready();
    return Promise.all(this.workers.filter((w) => w.alive && !w.busy).map((w) => w.leakCheck()));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private spawn(): PooledWorker {
    const worker = new PooledWorker(this.variant, this.limits, (dead) => this.replace(dead));
    void worker.ready.then(() => this.dispatch());
    return worker;
  }

  private replace(dead: PooledWorker): void {
    const index = this.workers.indexOf(dead);
    if (index < 0 || this.closed) return;
    // Workers that die before loading QuickJS would be respawned forever: give up after a few.
    this.startupFailures = dead.isReady ? 0 : this.startupFailures + 1;
    if (this.startupFailures >= MAX_STARTUP_FAILURES) {
      this.broken = 'sandbox workers fail to start';
      for (const queued of this.queue.splice(0)) queued.resolve(brokenResult(this.broken));
      return;
    }
    this.restarts++;
    this.workers[index] = this.spawn();
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const next = this.queue[0] as QueuedJob;
      const idle = this.workers.filter((w) => w.alive && w.isReady && !w.busy);
      const worker = idle.find((w) => w.knownKeys.has(next.job.key)) ?? idle[0];
      if (!worker) return;
      this.queue.shift();
      this.start(worker, next);
    }
  }

  private start(worker: PooledWorker, queued: QueuedJob): void {
    worker.run(queued.job).then((result) => {
      queued.resolve(result);
      this.dispatch();
    });
  }
}
