import type { JsonValue } from '@appmanager/plugin-sdk';
import type { PluginPoolOptions } from '../pool/plugin-pool.js';
import { PluginRuntime, type PluginCallRequest, type PluginCallResult } from './plugin-runtime.js';

/**
 * One sandboxed call on a one-worker pool that is closed afterwards: the SDK harness's twin for plug-in
 * authors who want their tests to see exactly what production sees (limits, JSON boundary, grants).
 * About 20-40 ms of start-up; services use a long-lived `PluginRuntime` instead.
 */
export async function runPluginOnce<T = JsonValue>(request: PluginCallRequest, pool: PluginPoolOptions = {}): Promise<PluginCallResult<T>> {
  const runtime = new PluginRuntime({ pool: { size: 1, ...pool } });
  try {
    return await runtime.call<T>(request);
  } finally {
    await runtime.close();
  }
}
