import type { HttpRequest, InvocationContext, JsonObject, JsonValue } from '@appmanager/plugin-sdk';
import type { CallLimits } from '../limits/sandbox-limits.js';
import { parseUntrustedJson } from '../output/untrusted-json.js';
import type { HostCallAnswer } from '../pool/pooled-worker.js';
import type { GrantList } from '../worker/worker-protocol.js';
import type { HostPorts, PluginLogEntry } from './capability-ports.js';
import { callBackend } from './backend-calls.js';
import { isUrlAllowed } from './http-allow-list.js';
import { BadHostArguments, ScopeViolation, scopeObject, scopeQuery, scopeRef } from './kube-scope.js';

const OUTPUT_NAME = /^[A-Za-z0-9_.-]{1,253}$/;
const MAX_LOG_MESSAGE = 4096;

export interface DispatcherSubject {
  plugin: string;
  fn: string;
  context: InvocationContext;
  httpAllow: readonly string[];
  /** Server-side apply field manager, e.g. `appmanager-plugin/<name>`. */
  fieldManager: string;
}

class Refused extends Error {}

/**
 * The host end of one call's capabilities. It re-checks the grant (the worker already did: this is the
 * line that holds if a worker is compromised), counts calls, pins Kubernetes to the target namespace,
 * checks the HTTP allow-list, bounds payloads and times out slow ports.
 */
export class HostCallDispatcher {
  readonly outputs: Record<string, JsonValue> = {};
  readonly logs: PluginLogEntry[] = [];
  calls = 0;
  private readonly grants: Map<string, Set<string>>;

  constructor(
    grants: GrantList,
    private readonly ports: HostPorts,
    private readonly subject: DispatcherSubject,
    private readonly limits: CallLimits,
  ) {
    this.grants = new Map(grants.map(([capability, methods]) => [capability, new Set(methods)]));
  }

  async handle(capability: string, method: string, argsJson: string): Promise<HostCallAnswer> {
    if (!this.grants.get(capability)?.has(method))
      return { ok: false, code: 'DENIED', message: `capability ${capability}.${method} is not granted` };
    if (++this.calls > this.limits.maxHostCalls)
      return { ok: false, code: 'LIMIT', message: `made more than ${this.limits.maxHostCalls} host calls` };
    try {
      const args = parseUntrustedJson(argsJson, { maxBytes: this.limits.maxHostPayloadBytes, maxDepth: this.limits.maxOutputDepth });
      if (!Array.isArray(args)) throw new BadHostArguments('arguments must be an array');
      const result = await this.withTimeout(this.dispatch(capability, method, args), `${capability}.${method}`);
      const json = result === undefined ? '' : JSON.stringify(result);
      if (json.length > this.limits.maxHostPayloadBytes)
        throw new Error(`the result is larger than ${this.limits.maxHostPayloadBytes} bytes`);
      return { ok: true, json };
    } catch (error) {
      if (error instanceof ScopeViolation || error instanceof Refused) return { ok: false, code: 'DENIED', message: error.message };
      if (error instanceof TimeoutError) return { ok: false, code: 'TIMEOUT', message: error.message };
      // Port errors reach the plug-in: keep only the message, never a stack or a cause with credentials.
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, code: 'FAILED', message: `${capability}.${method}: ${message.slice(0, 1000)}` };
    }
  }

  private dispatch(capability: string, method: string, args: unknown[]): Promise<unknown> | unknown {
    switch (capability) {
      case 'kube':
        return this.kube(method, args[0]);
      case 'outputs':
        return this.setOutput(args[0], args[1]);
      case 'log':
        return this.log(method as PluginLogEntry['level'], args[0], args[1]);
      case 'http':
        return this.http(args[0]);
      case 'postgres':
      case 's3':
      case 'config':
        return callBackend(this.ports, capability, method, args[0]);
      default:
        throw new Refused(`unknown capability ${capability}`);
    }
  }

  private kube(method: string, arg: unknown): Promise<unknown> {
    const kube = this.ports.kube;
    if (!kube) throw new Error('Kubernetes is not available to this call');
    const { cluster, namespace } = this.subject.context.target;
    const scope = { cluster, namespace };
    switch (method) {
      case 'get':
        return kube.get(scope, scopeRef(arg, namespace));
      case 'list':
        return kube.list(scope, scopeQuery(arg, namespace));
      case 'apply':
        return kube.apply(scope, scopeObject(arg, namespace), { fieldManager: this.subject.fieldManager });
      case 'delete':
        return kube.delete(scope, scopeRef(arg, namespace));
      default:
        throw new Refused(`unknown method kube.${method}`);
    }
  }

  private setOutput(name: unknown, value: unknown): undefined {
    if (typeof name !== 'string' || !OUTPUT_NAME.test(name)) throw new BadHostArguments('an output name must match [A-Za-z0-9_.-]{1,253}');
    this.outputs[name] = (value ?? null) as JsonValue;
    return undefined;
  }

  private log(level: PluginLogEntry['level'], message: unknown, fields: unknown): undefined {
    const entry: PluginLogEntry = {
      level,
      message: String(message).slice(0, MAX_LOG_MESSAGE),
      fields: fields && typeof fields === 'object' && !Array.isArray(fields) ? (fields as JsonObject) : undefined,
      correlationId: this.subject.context.correlationId,
      plugin: this.subject.plugin,
      fn: this.subject.fn,
      time: new Date().toISOString(),
    };
    this.logs.push(entry);
    this.ports.log?.write(entry);
    return undefined;
  }

  private async http(arg: unknown): Promise<unknown> {
    const request = arg as HttpRequest;
    if (!request || typeof request.url !== 'string') throw new BadHostArguments('fetch needs { url }');
    if (!isUrlAllowed(request.url, this.subject.httpAllow)) throw new Refused(`URL is not allow-listed: ${request.url}`);
    if (!this.ports.http) throw new Error('HTTP is not available to this call');
    const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [String(k), String(v)]));
    return this.ports.http.fetch({ url: request.url, method: request.method ?? 'GET', headers, body: request.body });
  }

  private withTimeout<T>(work: Promise<T> | T, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new TimeoutError(`${what} did not answer within ${this.limits.hostCallTimeoutMs} ms`)),
        this.limits.hostCallTimeoutMs,
      );
    });
    return Promise.race([Promise.resolve(work), timeout]).finally(() => clearTimeout(timer));
  }
}

class TimeoutError extends Error {}
