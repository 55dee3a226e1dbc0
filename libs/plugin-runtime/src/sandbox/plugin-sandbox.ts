import type { PluginErrorData } from '../errors/plugin-error.js';
import type { CallLimits, WorkerLimits } from '../limits/sandbox-limits.js';
import type { HostCallFailure, PluginLoad } from '../worker/worker-protocol.js';
import { classifyGuestError, readGuestError } from './guest-error.js';
import { GUEST_PRELUDE } from './guest-prelude.js';
import { Invocation } from './invocation.js';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';

export type SandboxOutcome = { ok: true; output: string } | { ok: false; error: PluginErrorData };

/** Sends a host call out of the worker; the answer comes back through `settle`. */
export type HostCallSink = (callId: number, capability: string, method: string, args: string) => void;

export interface HostCallAnswer {
  ok: boolean;
  json?: string;
  code?: HostCallFailure;
  message?: string;
}

let nextCallId = 1;

/**
 * One plug-in version, warm: its own QuickJS runtime (own heap limit, stack limit and interrupt
 * handler) and context with the plug-in code already evaluated. One call at a time.
 */
export class PluginSandbox {
  calls = 0;
  private invocation?: Invocation;
  private invoke?: QuickJSHandle;

  private constructor(
    private readonly rt: QuickJSRuntime,
    private readonly ctx: QuickJSContext,
    private readonly grants: Map<string, Set<string>>,
    private readonly limits: WorkerLimits,
    private readonly sliceClock: Float64Array,
    private readonly sink: HostCallSink,
  ) {
    rt.setInterruptHandler(() => this.invocation?.shouldInterrupt() ?? false);
  }

  /** Creates the runtime and evaluates prelude + plug-in code under `initLimits`; throws PluginErrorData on failure. */
  static create(
    module: QuickJSWASMModule,
    load: PluginLoad,
    limits: WorkerLimits,
    initLimits: CallLimits,
    sliceClock: Float64Array,
    sink: HostCallSink,
  ): PluginSandbox {
    const rt = module.newRuntime({ memoryLimitBytes: limits.runtimeMemoryMb * 1024 * 1024, maxStackSizeBytes: limits.stackKb * 1024 });
    const ctx = rt.newContext();
    const grants = new Map(load.grants.map(([capability, methods]) => [capability, new Set(methods)]));
    const sandbox = new PluginSandbox(rt, ctx, grants, limits, sliceClock, sink);
    const failure = sandbox.initialise(load, initLimits);
    if (failure) {
      sandbox.dispose();
      throw failure;
    }
    return sandbox;
  }

  async run(fn: string, input: string, limits: CallLimits): Promise<SandboxOutcome & { hostCalls: number; cpuMs: number }> {
    const invocation = new Invocation(limits, this.sliceClock, true);
    this.invocation = invocation;
    this.calls++;
    try {
      const outcome = await this.execute(invocation, fn, input);
      return { ...outcome, hostCalls: invocation.hostCalls, cpuMs: invocation.cpuUsedMs };
    } finally {
      invocation.leaveGuest();
      for (const deferred of invocation.pending.values()) deferred.dispose();
      invocation.pending.clear();
      this.invocation = undefined;
    }
  }

  /** Delivers a host call's answer. Answers for a finished call are dropped. */
  settle(callId: number, answer: HostCallAnswer): void {
    const invocation = this.invocation;
    const deferred = invocation?.pending.get(callId);
    if (!invocation || !deferred) return;
    invocation.pending.delete(callId);
    if (answer.ok) {
      this.ctx.newString(answer.json ?? '').consume((value) => deferred.resolve(value));
    } else if (answer.code === 'DENIED' || answer.code === 'LIMIT') {
      invocation.abortWith({
        code: answer.code === 'DENIED' ? 'PLUGIN_CAPABILITY_DENIED' : 'PLUGIN_HOST_CALL_LIMIT',
        message: answer.message ?? 'refused by the host',
      });
    } else {
      const error = this.ctx.newError({ name: 'HostCallError', message: answer.message ?? 'host call failed' });
      this.ctx.newString(answer.code ?? 'FAILED').consume((code) => this.ctx.setProp(error, 'code', code));
      deferred.reject(error);
      error.dispose();
    }
    deferred.dispose();
    invocation.wake();
  }

  /** Bytes the plug-in's heap holds now (a heap walk, ~15 µs for a small plug-in). */
  heapBytes(): number {
    const usage = this.rt.computeMemoryUsage();
    try {
      return this.ctx.getProp(usage, 'memory_used_size').consume((size) => this.ctx.getNumber(size));
    } finally {
      usage.dispose();
    }
  }

  dispose(): void {
    this.invoke?.dispose();
    this.ctx.dispose();
    this.rt.dispose();
  }

  private initialise(load: PluginLoad, initLimits: CallLimits): PluginErrorData | undefined {
    const invocation = new Invocation(initLimits, this.sliceClock, false);
    this.invocation = invocation;
    invocation.enterGuest();
    try {
      const prelude = this.ctx.evalCode(GUEST_PRELUDE, 'appmanager:prelude.js');
      if (prelude.error) return this.failure(invocation, prelude.error);
      const bridge = this.ctx.newFunction('bridge', (...args) => this.bridge(args));
      const grantsJson = this.ctx.newString(JSON.stringify(load.grants));
      const invoke = this.ctx.callFunction(prelude.value, this.ctx.undefined, bridge, grantsJson);
      prelude.value.dispose();
      bridge.dispose();
      grantsJson.dispose();
      if (invoke.error) return this.failure(invocation, invoke.error);
      this.invoke = invoke.value;
      const evaluated = this.ctx.evalCode(load.source, 'plugin.js', { type: 'global' });
      if (evaluated.error) return this.failure(invocation, evaluated.error);
      evaluated.value.dispose();
      return undefined;
    } finally {
      invocation.leaveGuest();
      this.invocation = undefined;
    }
  }

  private async execute(invocation: Invocation, fn: string, input: string): Promise<SandboxOutcome> {
    const name = this.ctx.newString(fn);
    const payload = this.ctx.newString(input);
    invocation.enterGuest();
    const result = this.ctx.callFunction(this.invoke as QuickJSHandle, this.ctx.undefined, name, payload);
    invocation.leaveGuest();
    name.dispose();
    payload.dispose();
    if (result.error) return { ok: false, error: this.failure(invocation, result.error) };
    if (invocation.abort) {
      result.value.dispose();
      return { ok: false, error: invocation.abort };
    }
    if (this.ctx.typeof(result.value) === 'string') return this.readOutput(result.value);
    return this.drive(invocation, result.value);
  }

  /** Runs promise jobs and waits for host calls until the guest's promise settles or a budget runs out. */
  private async drive(invocation: Invocation, promise: QuickJSHandle): Promise<SandboxOutcome> {
    try {
      for (;;) {
        invocation.enterGuest();
        const jobs = this.rt.executePendingJobs(this.limits.jobsPerDrain);
        invocation.leaveGuest();
        if (jobs.error) return { ok: false, error: this.failure(invocation, jobs.error) };
        if (invocation.abort) return { ok: false, error: invocation.abort };
        if (invocation.cpuExceeded()) {
          return { ok: false, error: { code: 'PLUGIN_TIMEOUT', message: `exceeded its CPU budget of ${invocation.limits.cpuMs} ms` } };
        }
        const state = this.ctx.getPromiseState(promise);
        if (state.type === 'fulfilled') return this.readOutput(state.value);
        if (state.type === 'rejected') return { ok: false, error: this.failure(invocation, state.error) };
        if (this.rt.hasPendingJob()) continue;
        if (invocation.pending.size === 0) {
          return {
            ok: false,
            error: { code: 'PLUGIN_TIMEOUT', message: 'returned a promise that can never settle (nothing left to wait for)' },
          };
        }
        if (!(await invocation.waitForHost())) {
          return {
            ok: false,
            error: { code: 'PLUGIN_TIMEOUT', message: `exceeded its wall-clock budget of ${invocation.limits.wallMs} ms` },
          };
        }
        if (invocation.abort) return { ok: false, error: invocation.abort };
      }
    } finally {
      // With a tampered Promise.prototype.then, "promise" may be the very value readOutput disposed.
      if (promise.alive) promise.dispose();
    }
  }

  private readOutput(value: QuickJSHandle): SandboxOutcome {
    try {
      // The prelude only ever fulfils with a string; anything else means the guest tampered with it.
      if (this.ctx.typeof(value) !== 'string')
        return { ok: false, error: { code: 'PLUGIN_BAD_OUTPUT', message: 'the result is not a JSON string' } };
      return { ok: true, output: this.ctx.getString(value) };
    } finally {
      if (value.alive) value.dispose();
    }
  }

  private failure(invocation: Invocation, error: QuickJSHandle): PluginErrorData {
    try {
      return classifyGuestError(invocation, readGuestError(this.ctx, error));
    } finally {
      error.dispose();
    }
  }

  /** The native end of `host.<capability>.<method>(...)`: checks, counts, and forwards out of the worker. */
  private bridge(args: QuickJSHandle[]): QuickJSHandle {
    const invocation = this.invocation;
    if (!invocation?.acceptsHostCalls) throw new Error('host capabilities can only be used while a call runs');
    const [capability, method, payload] = args.map((h) => (h && this.ctx.typeof(h) === 'string' ? this.ctx.getString(h) : undefined));
    if (capability === undefined || method === undefined || payload === undefined) throw new TypeError('bad host call');
    if (!this.grants.get(capability)?.has(method)) {
      invocation.abortWith({ code: 'PLUGIN_CAPABILITY_DENIED', message: `capability ${capability}.${method} is not granted` });
      throw new Error('capability not granted');
    }
    if (++invocation.hostCalls > invocation.limits.maxHostCalls) {
      invocation.abortWith({ code: 'PLUGIN_HOST_CALL_LIMIT', message: `made more than ${invocation.limits.maxHostCalls} host calls` });
      throw new Error('too many host calls');
    }
    if (payload.length > invocation.limits.maxHostPayloadBytes) {
      throw Object.assign(new Error(`host call arguments exceed ${invocation.limits.maxHostPayloadBytes} bytes`), {
        name: 'HostCallError',
      });
    }
    const deferred = this.ctx.newPromise();
    const callId = nextCallId++;
    invocation.pending.set(callId, deferred);
    this.sink(callId, capability, method, payload);
    return deferred.handle;
  }
}
