import type { PluginHost } from './host-api.types.js';
import type { InvocationContext } from './invocation.types.js';
import type { JsonObject } from './json.types.js';

export interface AddonInput<P = JsonObject> {
  context: InvocationContext;
  addon: { type: string; name: string };
  properties: P;
  /** The signature of the instance applied last time, if any: equal inputs may reuse it. */
  lastSignature?: string;
}

export interface AddonApplyResult {
  /** What consumers get (a database URL, a bucket name, ...); secrets go to a Secret, not here. */
  outputs: JsonObject;
  /** Identifies this instance's configuration, so the add-on service can share and reuse it. */
  signature: string;
}

export interface AddonReleaseInput<P = JsonObject> extends AddonInput<P> {
  signature: string;
}

export interface AddonReleaseResult {
  released: boolean;
  outputs?: JsonObject;
}

export interface AddonPlugin<P = JsonObject> {
  apply(input: AddonInput<P>, host: PluginHost): AddonApplyResult | Promise<AddonApplyResult>;
  release(input: AddonReleaseInput<P>, host: PluginHost): AddonReleaseResult | Promise<AddonReleaseResult>;
}
