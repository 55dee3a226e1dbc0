import type { JsonObject, JsonValue } from './json.types.js';

/** A Kubernetes object as plain JSON. `metadata.namespace` may be left out: the host fills in the target namespace. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeObjectMeta;
  [key: string]: unknown;
}

export interface KubeObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface KubeObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  /** Defaults to the deployment's target namespace; any other namespace is refused. */
  namespace?: string;
}

export interface KubeListQuery {
  apiVersion: string;
  kind: string;
  namespace?: string;
  labelSelector?: string;
}

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Kubernetes, limited to the deployment's target cluster and namespace. `apply` is server-side apply. */
export interface KubeHostApi {
  get(ref: KubeObjectRef): Promise<KubeObject | null>;
  list(query: KubeListQuery): Promise<KubeObject[]>;
  apply(object: KubeObject): Promise<KubeObject>;
  delete(ref: KubeObjectRef): Promise<boolean>;
}

/** Data outputs other nodes of the deployment can consume (`dataOutputs` / workflow step outputs). */
export interface OutputsHostApi {
  set(name: string, value: JsonValue): Promise<void>;
}

/** Log lines land in the deployment's log, tagged with its correlation id by the host. */
export interface LogHostApi {
  info(message: string, fields?: JsonObject): Promise<void>;
  warn(message: string, fields?: JsonObject): Promise<void>;
  error(message: string, fields?: JsonObject): Promise<void>;
}

/** HTTP to the origins/prefixes the manifest allow-lists, nothing else. */
export interface HttpHostApi {
  fetch(request: HttpRequest): Promise<HttpResponse>;
}

/**
 * Postgres on the add-on service's admin connection (ADDON_POSTGRES_URL): the plug-in names what it wants,
 * the host holds the credential. Names must be plain identifiers ([a-z_][a-z0-9_]{0,62}); `ensure*` is idempotent.
 */
export interface PostgresHostApi {
  ensureDatabase(request: { database: string; owner: string }): Promise<{ created: boolean }>;
  /** Creates the role with LOGIN, or sets its password when it exists. */
  ensureRole(request: { role: string; password: string }): Promise<{ created: boolean }>;
  dropDatabase(request: { database: string }): Promise<{ dropped: boolean }>;
  dropRole(request: { role: string }): Promise<{ dropped: boolean }>;
  /** Read only: whether they are there (an add-on's checkExpired tells a resource removed behind its back). */
  exists(request: { database: string; role: string }): Promise<{ database: boolean; role: boolean }>;
  /** Where consumers reach the server (host and port as the add-on service is configured), never a credential. */
  server(): Promise<{ host: string; port: number }>;
}

/** The S3 server the add-on service is configured with (ADDON_S3_*). Bucket names as S3 allows them. */
export interface S3HostApi {
  ensureBucket(request: { bucket: string }): Promise<{ created: boolean }>;
  removeBucket(request: { bucket: string }): Promise<{ removed: boolean }>;
  /** The endpoint consumers use, never a key. */
  server(): Promise<{ endpoint: string; region: string }>;
}

/** Named values of the add-on service's configuration (AppManager's system-env); null when not configured. */
export interface ConfigHostApi {
  get(name: string): Promise<string | null>;
}

/**
 * What a plug-in function receives as its second argument. Only the capabilities the definition declares
 * (and its kind may have) are present; the others are absent, not stubs that throw.
 */
export interface PluginHost {
  kube?: KubeHostApi;
  outputs?: OutputsHostApi;
  log?: LogHostApi;
  http?: HttpHostApi;
  postgres?: PostgresHostApi;
  s3?: S3HostApi;
  config?: ConfigHostApi;
}

export type CapabilityName = keyof PluginHost;
export const CAPABILITY_NAMES: readonly CapabilityName[] = ['kube', 'outputs', 'log', 'http', 'postgres', 's3', 'config'];
