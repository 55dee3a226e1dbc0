import {
  FakeKube,
  type DefinitionKind,
  type HttpRequest,
  type HttpResponse,
  type InvocationContext,
  type JsonValue,
  type KubeObject,
} from '@appmanager/plugin-sdk';
import { loadPlugin, type HostPorts, type PluginLogEntry, type PluginRuntime } from '@appmanager/plugin-runtime';
import { runPluginOnce } from '@appmanager/plugin-runtime';
import { PluginPackageError } from '../errors.js';
import type { UnpackedPlugin } from '../pack/unpack-plugin.js';
import { findDefinition } from '../manifest/find-definition.js';

export interface DryRunRequest {
  kind: DefinitionKind;
  type: string;
  /** The exported function to call, e.g. `render`. */
  fn: string;
  /** The function's input without `context`, e.g. `{ component, properties }`. */
  input: Record<string, unknown>;
  context?: Partial<InvocationContext>;
  /** Objects the fake cluster starts with (what `kube.get`/`list` see). */
  cluster?: KubeObject[];
  /** Canned answers to allow-listed HTTP calls, by exact URL; any other URL fails the call. */
  httpResponses?: Record<string, HttpResponse>;
}

export interface DryRunResult {
  value: JsonValue;
  outputs: Record<string, JsonValue>;
  logs: PluginLogEntry[];
  /** The fake cluster after the call: what `kube.apply` would have changed. */
  cluster: KubeObject[];
  httpRequests: HttpRequest[];
}

/**
 * Runs one definition of a package once in the real QuickJS sandbox against fake capabilities (an
 * in-memory cluster in the target namespace, canned HTTP), so an author can try a plug-in without a
 * cluster. Plug-in failures come out as PluginError from @appmanager/plugin-runtime.
 */
export async function dryRunDefinition(plugin: UnpackedPlugin, request: DryRunRequest, runtime?: PluginRuntime): Promise<DryRunResult> {
  const definition = findDefinition(plugin.manifest.definitions, request.kind, request.type);
  if (!definition) {
    throw new PluginPackageError('MISSING_FILE', [
      { path: 'definitions', message: `${plugin.manifest.name}@${plugin.manifest.version} has no ${request.kind} "${request.type}"` },
    ]);
  }
  const context: InvocationContext = {
    correlationId: 'dry-run',
    now: new Date().toISOString(),
    appId: 'dry-run',
    target: { cluster: 'dry-run', namespace: 'dry-run' },
    ...request.context,
  };
  const kube = new FakeKube(context.target.namespace, request.cluster ?? []);
  const httpRequests: HttpRequest[] = [];
  const ports: HostPorts = {
    kube: {
      get: (_scope, ref) => kube.get(ref),
      list: (_scope, query) => kube.list(query),
      apply: (_scope, object) => kube.apply(object),
      delete: (_scope, ref) => kube.delete(ref),
    },
    http: {
      fetch: async (httpRequest) => {
        httpRequests.push(httpRequest);
        const answer = request.httpResponses?.[httpRequest.url];
        if (!answer) throw new Error(`the dry run has no canned response for ${httpRequest.url}`);
        return answer;
      },
    },
  };
  const { script: _script, ...sdkDefinition } = definition;
  const loaded = loadPlugin(plugin.manifest, sdkDefinition, plugin.scriptOf(definition));
  const call = { plugin: loaded, fn: request.fn, input: request.input, context, ports };
  const result = runtime ? await runtime.call(call) : await runPluginOnce(call);
  return { value: result.value, outputs: result.outputs, logs: result.logs, cluster: kube.all(), httpRequests };
}
