import type { PluginErrorData } from '../errors/plugin-error.js';
import type { CallLimits, WorkerLimits } from '../limits/sandbox-limits.js';

/** Capability name -> the methods the guest gets on `host.<capability>`. */
export type GrantList = Array<[capability: string, methods: string[]]>;

export type EngineVariant = 'release' | 'debug';

/** Plug-in codes a worker stores; the host mirrors the set, so it knows when to send code again. */
export const MAX_KNOWN_PLUGINS = 256;

export interface WorkerData {
  limits: WorkerLimits;
  variant: EngineVariant;
  /** Float64 slot: epoch ms at which the guest started its current slice, 0 while the guest is not running. */
  sliceClock: SharedArrayBuffer;
}

/** A plug-in's code and grants; sent once per worker, then referred to by key. */
export interface PluginLoad {
  source: string;
  grants: GrantList;
}

export type HostToWorker =
  /** `forgetLoads`: drop every stored plug-in code first (both sides keep at most MAX_KNOWN_PLUGINS). */
  /** `scope`: calls of one scope may share a warm sandbox (its global state); none: a sandbox of the call's own. */
  | {
      t: 'call';
      id: number;
      key: string;
      scope?: string;
      load?: PluginLoad;
      forgetLoads?: boolean;
      fn: string;
      input: string;
      limits: CallLimits;
    }
  | { t: 'hostResult'; id: number; callId: number; ok: true; json: string }
  | { t: 'hostResult'; id: number; callId: number; ok: false; code: HostCallFailure; message: string }
  /** Test hook: dispose every warm context and report whether the debug build finds leaked memory. */
  | { t: 'leakCheck' };

/** How a host call failed. DENIED and LIMIT abort the whole plug-in call; the rest reject the guest promise. */
export type HostCallFailure = 'FAILED' | 'TIMEOUT' | 'DENIED' | 'LIMIT';

export interface CallStats {
  hostCalls: number;
  cpuMs: number;
  coldStart: boolean;
}

export type WorkerToHost =
  | { t: 'ready' }
  | { t: 'hostCall'; id: number; callId: number; capability: string; method: string; args: string }
  // `retiring`: the worker exits right after this answer (its module aborted while recycling the sandbox)
  | { t: 'done'; id: number; ok: true; output: string; stats: CallStats; retiring?: true }
  | { t: 'done'; id: number; ok: false; error: PluginErrorData; stats: CallStats; retiring?: true }
  | { t: 'leakReport'; ok: boolean; message: string }
  /** The WASM module is unusable (an abort in dispose, a trap): the worker exits after sending this. */
  | { t: 'fatal'; message: string };
