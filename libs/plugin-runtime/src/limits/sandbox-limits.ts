/** Per-call budgets. Defaults follow the measurements in docs/adr/0005-quickjs-sandbox.md. */
export interface CallLimits {
  /** Guest CPU time per call (the QuickJS interrupt handler enforces it; host-call waits do not count). */
  cpuMs: number;
  /** Guest CPU time for evaluating the plug-in's code when a context is created (cold start). */
  initCpuMs: number;
  /** Wall-clock time per call, host-call waits included. */
  wallMs: number;
  /**
   * A guest slice running this long without yielding gets its worker terminated (interrupts can
   * overshoot). Never below twice `cpuMs` or `initCpuMs`, so only a runaway slice is killed.
   */
  hardKillMs: number;
  maxInputBytes: number;
  maxOutputBytes: number;
  /** Nesting depth of the output JSON. */
  maxOutputDepth: number;
  maxHostCalls: number;
  /** Size of one host call's arguments or result. */
  maxHostPayloadBytes: number;
  /** How long one host call may take before the guest's promise is rejected. */
  hostCallTimeoutMs: number;
}

/** Per-worker limits, fixed when the worker starts. */
export interface WorkerLimits {
  /** Hard cap of the WASM linear memory shared by all plug-ins in one worker. */
  wasmMemoryMb: number;
  /**
   * Heap per plug-in runtime: passed to QuickJS (which only refuses single allocations above it) and
   * checked after each call; a warm context holding more is recycled. The hard cap is `wasmMemoryMb`.
   */
  runtimeMemoryMb: number;
  /** QuickJS stack per plug-in runtime. */
  stackKb: number;
  /** Recycle a warm plug-in context after this many calls. */
  callsPerContext: number;
  /** Warm contexts kept per worker; least recently used beyond this are disposed. */
  warmContexts: number;
  /** Promise jobs run per drain; QuickJS never returns from an endless job chain without it. */
  jobsPerDrain: number;
}

export const DEFAULT_CALL_LIMITS: CallLimits = {
  cpuMs: 50,
  initCpuMs: 100,
  wallMs: 30_000,
  hardKillMs: 200,
  maxInputBytes: 1024 * 1024,
  maxOutputBytes: 1024 * 1024,
  maxOutputDepth: 64,
  maxHostCalls: 100,
  maxHostPayloadBytes: 1024 * 1024,
  hostCallTimeoutMs: 10_000,
};

export const DEFAULT_WORKER_LIMITS: WorkerLimits = {
  wasmMemoryMb: 64,
  runtimeMemoryMb: 32,
  stackKb: 256,
  callsPerContext: 1000,
  warmContexts: 64,
  jobsPerDrain: 1000,
};

/** Fills in defaults and keeps the hard kill well behind the soft deadlines. */
export function effectiveCallLimits(...layers: Array<Partial<CallLimits> | undefined>): CallLimits {
  const limits: CallLimits = Object.assign({ ...DEFAULT_CALL_LIMITS }, ...layers.filter(Boolean));
  limits.hardKillMs = Math.max(limits.hardKillMs, 2 * limits.cpuMs, 2 * limits.initCpuMs);
  return limits;
}
