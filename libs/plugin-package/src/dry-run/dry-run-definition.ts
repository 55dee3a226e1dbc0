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
  /** Named values an add-on's `config` capability answers (others are null). */
  config?: Record<string, string>;
}

export interface DryRunResult {
  value: JsonValue;
  outputs: Record<string, JsonValue>;
  logs: PluginLogEntry[];
  /** The fake cluster after the call: what `kube.apply` would have changed. */
  cluster: KubeObject[];
  httpRequests: HttpRequest[];
  /** What an add-on asked of the host's Postgres and S3 servers (nothing is created in a dry run). */
  backendCalls: string[];
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
  const backendCalls: string[] = [];
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
    ...dryRunBackends(request, backendCalls),
  };
  const { script: _script, ...sdkDefinition } = definition;
  const loaded = loadPlugin(plugin.manifest, sdkDefinition, plugin.scriptOf(definition));
  const call = { plugin: loaded, fn: request.fn, input: request.input, context, ports };
  const result = runtime ? await runtime.call(call) : await runPluginOnce(call);
  return { value: result.value, outputs: result.outputs, logs: result.logs, cluster: kube.all(), httpRequests, backendCalls };
}

/** Stand-ins for an add-on's server capabilities: they record what was asked and create nothing. */
function dryRunBackends(request: DryRunRequest, calls: string[]): Pick<HostPorts, 'postgres' | 's3' | 'config'> {
  const record = <T>(call: string, answer: T): Promise<T> => {
    calls.push(call);
    return Promise.resolve(answer);
  };
  return {
    postgres: {
      ensureDatabase: ({ database, owner }) => record(`postgres.ensureDatabase ${database} owner ${owner}`, { created: true }),
      ensureRole: ({ role }) => record(`postgres.ensureRole ${role}`, { created: true }),
      dropDatabase: ({ database }) => record(`postgres.dropDatabase ${database}`, { dropped: true }),
      dropRole: ({ role }) => record(`postgres.dropRole ${role}`, { dropped: true }),
      exists: ({ database, role }) => record(`postgres.exists ${database} ${role}`, { database: true, role: true }),
      server: () => record('postgres.server', { host: 'postgres.dry-run', port: 5432 }),
    },
    s3: {
      ensureBucket: ({ bucket }) => record(`s3.ensureBucket ${bucket}`, { created: true }),
      removeBucket: ({ bucket }) => record(`s3.removeBucket ${bucket}`, { removed: true }),
      server: () => record('s3.server', { endpoint: 'http://s3.dry-run:9000', region: 'us-east-1' }),
    },
    config: { get: (name) => record(`config.get ${name}`, request.config?.[name] ?? null) },
  };
}
