export { PluginRuntime, type PluginCallRequest, type PluginCallResult, type PluginRuntimeOptions } from './runtime/plugin-runtime.js';
export { runPluginOnce } from './runtime/run-plugin-once.js';
export { loadPlugin, type LoadedPlugin } from './runtime/loaded-plugin.js';
export { PluginPool, type PluginPoolOptions } from './pool/plugin-pool.js';
export { PluginError, isPluginError, PLUGIN_ERROR_CODES, type PluginErrorCode, type PluginErrorData } from './errors/plugin-error.js';
export {
  DEFAULT_CALL_LIMITS,
  DEFAULT_WORKER_LIMITS,
  effectiveCallLimits,
  type CallLimits,
  type WorkerLimits,
} from './limits/sandbox-limits.js';
export type {
  KubeCapability,
  KubeScope,
  ScopedKubeRef,
  HttpCapability,
  LogSink,
  PluginLogEntry,
  HostPorts,
  PostgresCapability,
  S3Capability,
  ConfigCapability,
} from './host/capability-ports.js';
export { resolveGrants, CAPABILITY_METHODS } from './host/grants.js';
export { isUrlAllowed } from './host/http-allow-list.js';
export { parseUntrustedJson, UntrustedJsonError } from './output/untrusted-json.js';
