import { KIND_FUNCTIONS, type InvocationContext, type JsonObject, type JsonValue } from '@appmanager/plugin-sdk';
import { PluginError, type PluginErrorData } from '../errors/plugin-error.js';
import type { HostPorts, PluginLogEntry } from '../host/capability-ports.js';
import { HostCallDispatcher } from '../host/host-call-dispatcher.js';
import { effectiveCallLimits, type CallLimits } from '../limits/sandbox-limits.js';
import { ABI_OUTPUT_SCHEMAS } from '../output/abi-output.schemas.js';
import { SchemaValidator } from '../output/schema-validator.js';
import { UntrustedJsonError, parseUntrustedJson } from '../output/untrusted-json.js';
import { PluginPool, type PluginPoolOptions } from '../pool/plugin-pool.js';
import type { LoadedPlugin } from './loaded-plugin.js';

export interface PluginCallRequest {
  plugin: LoadedPlugin;
  /** An exported function of the definition's kind, e.g. `render`. */
  fn: string;
  /** The function's input without `context` (added from `context`); `properties` is checked against the definition. */
  input: Readonly<Record<string, unknown>>;
  context: InvocationContext;
  ports?: HostPorts;
  limits?: Partial<CallLimits>;
  /**
   * Calls with the same isolation key may share a warm sandbox, and so whatever a plug-in keeps in its globals;
   * calls with different keys never see each other's state. deploy passes the deployment id. Without one, the
   * call runs in a sandbox of its own (cold, about a millisecond more), as a call for an unknown party should.
   */
  isolation?: string;
}

export interface PluginCallResult<T = JsonValue> {
  /** The function's result: size- and depth-bounded, free of `__proto__`, valid against the ABI and definition schemas. */
  value: T;
  /** Values set through `host.outputs.set`. */
  outputs: Record<string, JsonValue>;
  logs: PluginLogEntry[];
  stats: { hostCalls: number; cpuMs: number; wallMs: number; coldStart: boolean };
}

export interface PluginRuntimeOptions {
  /** An existing pool, or options for one the runtime creates (and closes). */
  pool?: PluginPool | PluginPoolOptions;
  limits?: Partial<CallLimits>;
}

/**
 * Calls plug-in functions in the sandbox pool and hands back only checked results. Every failure is a
 * `PluginError` with a stable code; nothing a plug-in does can throw anything else out of `call`.
 */
export class PluginRuntime {
  readonly pool: PluginPool;
  private readonly ownsPool: boolean;
  private readonly limits: Partial<CallLimits>;
  private readonly validator = new SchemaValidator();

  constructor(options: PluginRuntimeOptions = {}) {
    this.ownsPool = !(options.pool instanceof PluginPool);
    this.pool = options.pool instanceof PluginPool ? options.pool : new PluginPool(options.pool);
    this.limits = options.limits ?? {};
  }

  async call<T = JsonValue>(request: PluginCallRequest): Promise<PluginCallResult<T>> {
    const started = performance.now();
    const { plugin, fn } = request;
    const subject = { plugin: plugin.key, fn };
    const fail = (error: PluginErrorData): never => {
      throw new PluginError(error, subject);
    };
    const limits = effectiveCallLimits(this.limits, request.limits);
    const kind = plugin.definition.kind;
    const functions = KIND_FUNCTIONS[kind];
    if (![...functions.required, ...functions.optional].includes(fn))
      fail({ code: 'PLUGIN_MISSING_EXPORT', message: `${kind} plug-ins have no function "${fn}"` });
    const input = JSON.stringify({ ...request.input, context: request.context });
    if (Buffer.byteLength(input, 'utf8') > limits.maxInputBytes)
      fail({ code: 'PLUGIN_BAD_INPUT', message: `the input is larger than ${limits.maxInputBytes} bytes` });
    if ('properties' in request.input) {
      const problems = this.validator.problems(plugin.definition.propertiesSchema, request.input.properties);
      if (problems) fail({ code: 'PLUGIN_BAD_INPUT', message: `properties do not match the definition's schema: ${problems}` });
    }
    const dispatcher = new HostCallDispatcher(
      plugin.grants,
      request.ports ?? {},
      {
        plugin: plugin.key,
        fn,
        context: request.context,
        httpAllow: plugin.definition.capabilities.http?.allow ?? [],
        fieldManager: `appmanager-plugin/${plugin.name}`,
      },
      limits,
    );
    const result = await this.pool.run({
      key: plugin.key,
      ...(request.isolation !== undefined ? { scope: request.isolation } : {}),
      load: { source: plugin.source, grants: plugin.grants },
      fn,
      input,
      limits,
      onHostCall: (capability, method, args) => dispatcher.handle(capability, method, args),
    });
    if (!result.ok) return fail(result.error);
    const value = this.checkOutput(plugin, fn, result.output, dispatcher.outputs, limits, fail);
    return {
      value: value as T,
      outputs: dispatcher.outputs,
      logs: dispatcher.logs,
      stats: { ...result.stats, wallMs: performance.now() - started },
    };
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.close();
  }

  private checkOutput(
    plugin: LoadedPlugin,
    fn: string,
    output: string,
    hostOutputs: Record<string, JsonValue>,
    limits: CallLimits,
    fail: (error: PluginErrorData) => never,
  ): unknown {
    let value: unknown;
    try {
      value = parseUntrustedJson(output, { maxBytes: limits.maxOutputBytes, maxDepth: limits.maxOutputDepth });
    } catch (error) {
      if (error instanceof UntrustedJsonError) return fail({ code: 'PLUGIN_BAD_OUTPUT', message: `the result is ${error.message}` });
      throw error;
    }
    const abi = ABI_OUTPUT_SCHEMAS[plugin.definition.kind][fn];
    const abiProblems = abi && this.validator.problems(abi, value);
    if (abiProblems)
      fail({ code: 'PLUGIN_BAD_OUTPUT', message: `the result does not match the ${plugin.definition.kind}.${fn} ABI: ${abiProblems}` });
    const outputsSchema = plugin.definition.outputsSchema;
    if (outputsSchema) {
      const declared = (value as { outputs?: JsonObject } | null)?.outputs ?? {};
      const problems = this.validator.problems(outputsSchema, { ...hostOutputs, ...declared });
      if (problems) fail({ code: 'PLUGIN_BAD_OUTPUT', message: `the outputs do not match the definition's outputsSchema: ${problems}` });
    }
    return value;
  }
}
