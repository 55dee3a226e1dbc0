import type { PluginHost } from './host-api.types.js';
import type { InvocationContext } from './invocation.types.js';
import type { JsonObject } from './json.types.js';

export interface AddonInput<P = JsonObject> {
  context: InvocationContext;
  addon: { type: string; name: string };
  properties: P;
  /** The signature of the instance applied last time, if any: equal inputs may reuse it. */
  lastSignature?: string;
  /** The instance: its id and a DNS-safe name to derive resource names from (stable across re-applies). */
  instance: { id: string; name: string; cluster: string; namespace: string };
  /** Secret values the host generated (outputs declared with `generate`), the same on every re-run. */
  secrets: Record<string, string>;
}

export interface AddonApplyResult {
  /** Every declared output; the host keeps the secret ones sealed and hands them on only in a Secret. */
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

export interface AddonStatusResult {
  ready: boolean;
  message?: string;
}

export interface AddonCheckExpiredInput<P = JsonObject> extends AddonInput<P> {
  signature: string;
}

/** A namespace granted the instance: `share` runs with the kube capability pinned to it (the consumer's namespace). */
export interface AddonShareInput<P = JsonObject> extends AddonInput<P> {
  signature: string;
  consumer: { cluster: string; namespace: string };
}

export interface AddonShareResult {
  /** What was placed in the consumer's namespace (`Kind/name`). */
  shared: string[];
}

export interface AddonPlugin<P = JsonObject> {
  apply(input: AddonInput<P>, host: PluginHost): AddonApplyResult | Promise<AddonApplyResult>;
  release(input: AddonReleaseInput<P>, host: PluginHost): AddonReleaseResult | Promise<AddonReleaseResult>;
  /** Optional: whether the resource is still there and usable (drift). */
  status?(input: AddonReleaseInput<P>, host: PluginHost): AddonStatusResult | Promise<AddonStatusResult>;
  /** Optional: true when the instance must be applied again (AppManager's checkExpired). */
  checkExpired?(input: AddonCheckExpiredInput<P>, host: PluginHost): boolean | Promise<boolean>;
  /** Optional: places what a granted namespace needs there (k8s-shared-objects: copies of its objects). */
  share?(input: AddonShareInput<P>, host: PluginHost): AddonShareResult | Promise<AddonShareResult>;
}
