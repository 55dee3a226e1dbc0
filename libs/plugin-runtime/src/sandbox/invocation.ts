import type { PluginErrorData } from '../errors/plugin-error.js';
import type { CallLimits } from '../limits/sandbox-limits.js';
import type { QuickJSDeferredPromise } from 'quickjs-emscripten-core';

/** CPU time this thread has used, in ms: a call is charged what it ran, not the time the OS gave other threads. */
const threadCpuMs = (): number => {
  const used = process.threadCpuUsage();
  return (used.user + used.system) / 1000;
};

/**
 * One plug-in call inside a sandbox: its CPU account, pending host calls and why it was aborted.
 * CPU time is the sum of guest slices (host-call waits excluded), measured as this thread's CPU time, so a
 * loaded machine does not fail calls that did little; the current slice's wall-clock start is also published
 * in shared memory so the pool's watchdog can kill a worker stuck inside one slice.
 */
export class Invocation {
  cpuUsedMs = 0;
  sliceStart = 0;
  private sliceCpuStart = 0;
  interrupted = false;
  abort?: PluginErrorData;
  hostCalls = 0;
  readonly pending = new Map<number, QuickJSDeferredPromise>();
  readonly startedAt = performance.now();
  private waker?: () => void;

  constructor(
    readonly limits: CallLimits,
    private readonly sliceClock: Float64Array,
    readonly acceptsHostCalls: boolean,
  ) {}

  enterGuest(): void {
    this.sliceStart = performance.now();
    this.sliceCpuStart = threadCpuMs();
    this.sliceClock[0] = performance.timeOrigin + this.sliceStart;
  }

  leaveGuest(): void {
    if (this.sliceStart === 0) return;
    this.cpuUsedMs += threadCpuMs() - this.sliceCpuStart;
    this.sliceStart = 0;
    this.sliceClock[0] = 0;
  }

  /** Polled by QuickJS every few thousand branches while guest code runs. */
  shouldInterrupt(): boolean {
    if (this.abort) return true;
    const running = this.sliceStart === 0 ? 0 : threadCpuMs() - this.sliceCpuStart;
    if (this.cpuUsedMs + running > this.limits.cpuMs) {
      this.interrupted = true;
      return true;
    }
    return false;
  }

  cpuExceeded(): boolean {
    return this.cpuUsedMs > this.limits.cpuMs;
  }

  wallRemainingMs(): number {
    return this.limits.wallMs - (performance.now() - this.startedAt);
  }

  abortWith(error: PluginErrorData): void {
    this.abort ??= error;
    this.wake();
  }

  /** Resolves when a host call settles, the call is aborted, or the wall-clock budget runs out (false). */
  waitForHost(): Promise<boolean> {
    const remaining = this.wallRemainingMs();
    if (remaining <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waker = undefined;
        resolve(false);
      }, remaining);
      this.waker = () => {
        clearTimeout(timer);
        this.waker = undefined;
        resolve(true);
      };
    });
  }

  wake(): void {
    this.waker?.();
  }
}
