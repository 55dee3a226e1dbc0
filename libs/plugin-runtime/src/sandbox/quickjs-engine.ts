import { LRUCache } from 'lru-cache';
import { DEBUG_SYNC, RELEASE_SYNC, newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten';
import type { PluginErrorData } from '../errors/plugin-error.js';
import type { CallLimits, WorkerLimits } from '../limits/sandbox-limits.js';
import type { CallStats, EngineVariant, PluginLoad } from '../worker/worker-protocol.js';
import { PluginSandbox, type HostCallAnswer, type HostCallSink } from './plugin-sandbox.js';

const WASM_PAGE = 64 * 1024;

// lib ES2023 has no WebAssembly typings; this is the one constructor we need.
type WasmMemoryConstructor = new (descriptor: { initial: number; maximum: number }) => object;
const WasmMemory = (globalThis as unknown as { WebAssembly: { Memory: WasmMemoryConstructor } }).WebAssembly.Memory;

export type EngineResult = ({ ok: true; output: string; stats: CallStats } | { ok: false; error: PluginErrorData; stats: CallStats }) & {
  /** Recycling the sandbox after this call aborted the WASM module: the answer stands, the worker must go. */
  unusable?: string;
};

/**
 * One QuickJS WASM module per worker, its linear memory capped by a WebAssembly.Memory maximum (the
 * only cap that holds: setMemoryLimit alone lets the module grow to 2 GB), holding warm sandboxes
 * per plug-in key and isolation scope (ADR 0013): a plug-in's global state never reaches a call of
 * another scope, and a call with no scope runs in a sandbox made for it and disposed after it. A
 * warm sandbox is recycled after any failed call, after `callsPerContext` calls, and when it is the
 * least recently used beyond `warmContexts`.
 */
export class QuickJSEngine {
  private readonly sandboxes: LRUCache<string, PluginSandbox>;
  private readonly loads = new Map<string, PluginLoad>();
  private current?: { key: string; sandbox: PluginSandbox };
  private live = 0;

  private constructor(
    private readonly module: QuickJSWASMModule,
    private readonly variant: EngineVariant,
    private readonly limits: WorkerLimits,
    private readonly sliceClock: Float64Array,
    private readonly sink: HostCallSink,
  ) {
    this.sandboxes = new LRUCache({
      // warmContexts 0 still keeps the sandbox of the call running
      max: Math.max(1, limits.warmContexts),
      // A leaked handle makes dispose abort the WASM module; let that escape so the worker is replaced.
      dispose: (sandbox) => {
        this.live--;
        sandbox.dispose();
      },
    });
  }

  static async create(variant: EngineVariant, limits: WorkerLimits, sliceClock: Float64Array, sink: HostCallSink): Promise<QuickJSEngine> {
    const maximum = Math.ceil((limits.wasmMemoryMb * 1024 * 1024) / WASM_PAGE);
    const wasmMemory = new WasmMemory({ initial: Math.min(256, maximum), maximum }) as never;
    const base = variant === 'debug' ? DEBUG_SYNC : RELEASE_SYNC;
    const module = await newQuickJSWASMModuleFromVariant(newVariant(base, { wasmMemory }));
    return new QuickJSEngine(module, variant, limits, sliceClock, sink);
  }

  async call(
    key: string,
    scope: string | undefined,
    load: PluginLoad | undefined,
    fn: string,
    input: string,
    limits: CallLimits,
  ): Promise<EngineResult> {
    if (load) this.loads.set(key, load);
    const warmKey = scope === undefined ? undefined : `${key}\u0000${scope}`;
    let coldStart = false;
    let sandbox = warmKey === undefined ? undefined : this.sandboxes.get(warmKey);
    if (!sandbox) {
      const known = this.loads.get(key);
      if (!known) return failed({ code: 'PLUGIN_SANDBOX_CRASH', message: `the worker has no code for ${key}` }, true);
      try {
        sandbox = PluginSandbox.create(this.module, known, this.limits, { ...limits, cpuMs: limits.initCpuMs }, this.sliceClock, this.sink);
      } catch (error) {
        return failed(asErrorData(error), true);
      }
      coldStart = true;
      this.live++;
      // beyond warmContexts, the least recently used sandbox is disposed
      if (warmKey !== undefined) this.sandboxes.set(warmKey, sandbox);
    }
    this.current = { key, sandbox };
    try {
      const outcome = await sandbox.run(fn, input, limits);
      const stats = { hostCalls: outcome.hostCalls, cpuMs: outcome.cpuMs, coldStart };
      const result: EngineResult = outcome.ok ? { ok: true, output: outcome.output, stats } : { ok: false, error: outcome.error, stats };
      if (warmKey === undefined || !outcome.ok || sandbox.calls >= this.limits.callsPerContext || this.hoards(sandbox)) {
        try {
          if (warmKey === undefined) {
            this.live--;
            sandbox.dispose();
          } else this.sandboxes.delete(warmKey);
        } catch (error) {
          // QuickJS can abort while freeing a runtime a budget interrupted mid-job (an endless promise chain):
          // the call's own answer (the timeout) is still the truth; the module is not, so the worker is replaced
          return { ...result, unusable: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
        }
      }
      return result;
    } finally {
      this.current = undefined;
    }
  }

  /** Drops stored plug-in code (warm sandboxes stay); the host sends code again for keys it forgot. */
  forgetLoads(): void {
    this.loads.clear();
  }

  settle(callId: number, answer: HostCallAnswer): void {
    this.current?.sandbox.settle(callId, answer);
  }

  /**
   * Disposes every sandbox, then (debug build) asks LeakSanitizer whether anything QuickJS allocated is
   * still there. TestQuickJSWASMModule's own runtime bookkeeping is not used: in 0.32.0 its newRuntime
   * never forgets a disposed runtime, so it reports false leaks; the sanitizer check underneath is sound.
   */
  disposeAllAndCheckLeaks(): void {
    this.sandboxes.clear();
    if (this.live !== 0) throw new Error(`${this.live} sandboxes were never disposed`);
    if (this.variant !== 'debug') throw new Error('leak checks need the debug build');
    const ffi = (this.module as unknown as { getFFI(): { QTS_RecoverableLeakCheck(): number } }).getFFI();
    if (ffi.QTS_RecoverableLeakCheck()) throw new Error('LeakSanitizer found QuickJS memory that was not freed');
  }

  /**
   * QuickJS's own memory limit does not cap a runtime's total heap (measured: a 32 MB limit let one
   * runtime hold 184 MB), and all sandboxes share the worker's WASM memory: a warm plug-in keeping
   * state across calls would starve the others. So the heap is measured after every call.
   */
  private hoards(sandbox: PluginSandbox): boolean {
    return sandbox.heapBytes() > this.limits.runtimeMemoryMb * 1024 * 1024;
  }
}

function failed(error: PluginErrorData, coldStart: boolean): EngineResult {
  return { ok: false, error, stats: { hostCalls: 0, cpuMs: 0, coldStart } };
}

function asErrorData(error: unknown): PluginErrorData {
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) return error as PluginErrorData;
  throw error;
}
