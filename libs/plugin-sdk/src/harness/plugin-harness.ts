import type { HttpRequest, HttpResponse, PluginHost } from '../abi/host-api.types.js';
import type { InvocationContext } from '../abi/invocation.types.js';
import type { JsonObject, JsonValue } from '../abi/json.types.js';
import { KIND_CAPABILITIES } from '../manifest/definition-kinds.js';
import type { CapabilityRequest, DefinitionKind } from '../manifest/plugin-manifest.types.js';
import { FakeKube } from './fake-kube.js';

export interface HarnessLogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields?: JsonObject;
  correlationId: string;
}

export interface PluginHarnessOptions {
  kind: DefinitionKind;
  /** As in the manifest; only these (and only what the kind allows) appear on `host`. */
  capabilities: CapabilityRequest;
  /** Fixed clock: `context.now` of every call. */
  now?: string;
  context?: Partial<InvocationContext>;
  kube?: FakeKube;
  /** Answers allow-listed HTTP calls; unlisted URLs throw, as in the sandbox. */
  http?: (request: HttpRequest) => HttpResponse | Promise<HttpResponse>;
}

/** The plug-in module as authors write it: named functions taking (input, host). */
export type PluginModule = object;

/**
 * Runs a plug-in module in plain JS with fake capabilities, so authors unit-test without the platform.
 * Input and output cross a JSON round trip, as in the sandbox, so a result that only works as a live
 * object (a Map, a class instance, `undefined` fields) shows up here too. The sandboxed twin is
 * `runPluginOnce` in @appmanager/plugin-runtime.
 */
export class PluginHarness {
  readonly logs: HarnessLogLine[] = [];
  readonly outputs: Record<string, JsonValue> = {};
  readonly kube: FakeKube;
  readonly context: InvocationContext;

  constructor(
    private readonly module: PluginModule,
    private readonly options: PluginHarnessOptions,
  ) {
    this.context = {
      correlationId: 'test-correlation-id',
      now: options.now ?? '2026-01-01T00:00:00.000Z',
      appId: 'test-app',
      target: { cluster: 'test-cluster', namespace: 'test-namespace' },
      ...options.context,
    };
    this.kube = options.kube ?? new FakeKube(this.context.target.namespace);
  }

  /** Calls `fn` with `input` (its `context` defaults to the harness context) and returns the JSON result. */
  async call<T = JsonValue>(fn: string, input: JsonObject): Promise<T> {
    const target = (this.module as Record<string, unknown>)[fn];
    if (typeof target !== 'function') throw new Error(`plug-in does not export a function "${fn}"`);
    const payload = JSON.parse(JSON.stringify({ context: this.context, ...input }));
    const result = await target(payload, this.host());
    return JSON.parse(JSON.stringify(result ?? null)) as T;
  }

  private host(): PluginHost {
    const allowed = new Set(KIND_CAPABILITIES[this.options.kind]);
    const wants = this.options.capabilities;
    const host: PluginHost = {};
    if (wants.kube && allowed.has('kube')) host.kube = this.kube;
    if (wants.outputs && allowed.has('outputs')) {
      host.outputs = { set: async (name, value) => void (this.outputs[name] = structuredClone(value)) };
    }
    if (wants.log && allowed.has('log')) {
      const line = (level: HarnessLogLine['level']) => async (message: string, fields?: JsonObject) =>
        void this.logs.push({ level, message, fields, correlationId: this.context.correlationId });
      host.log = { info: line('info'), warn: line('warn'), error: line('error') };
    }
    if (wants.http && allowed.has('http')) host.http = { fetch: (request) => this.fetch(request, wants.http?.allow ?? []) };
    return host;
  }

  private async fetch(request: HttpRequest, allow: string[]): Promise<HttpResponse> {
    if (!allow.some((prefix) => request.url.startsWith(prefix))) throw new Error(`URL not allow-listed: ${request.url}`);
    if (!this.options.http) throw new Error('the harness has no HTTP responder');
    return this.options.http(request);
  }
}
