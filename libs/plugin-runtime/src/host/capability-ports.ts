import type { HttpRequest, HttpResponse, JsonObject, KubeListQuery, KubeObject } from '@appmanager/plugin-sdk';

/** The cluster and namespace a call may touch. The runtime has already checked every request against it. */
export interface KubeScope {
  cluster: string;
  namespace: string;
}

export interface ScopedKubeRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
}

/**
 * Kubernetes for plug-ins, implemented by the caller against the target cluster (deploy: client-node).
 * Every argument already carries the target namespace; `apply` is server-side apply with `fieldManager`.
 */
export interface KubeCapability {
  get(scope: KubeScope, ref: ScopedKubeRef): Promise<KubeObject | null>;
  list(scope: KubeScope, query: KubeListQuery & { namespace: string }): Promise<KubeObject[]>;
  apply(scope: KubeScope, object: KubeObject, options: { fieldManager: string }): Promise<KubeObject>;
  delete(scope: KubeScope, ref: ScopedKubeRef): Promise<boolean>;
}

/** Plain HTTP, called only for URLs the manifest allow-lists. Implementations must not follow redirects. */
export interface HttpCapability {
  fetch(request: HttpRequest): Promise<HttpResponse>;
}

export interface PluginLogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields?: JsonObject;
  correlationId: string;
  plugin: string;
  fn: string;
  time: string;
}

export interface LogSink {
  write(entry: PluginLogEntry): void;
}

/**
 * The add-on service's Postgres server, on its admin connection. The dispatcher has already checked every
 * name as an identifier; implementations still quote them.
 */
export interface PostgresCapability {
  ensureDatabase(request: { database: string; owner: string }): Promise<{ created: boolean }>;
  ensureRole(request: { role: string; password: string }): Promise<{ created: boolean }>;
  dropDatabase(request: { database: string }): Promise<{ dropped: boolean }>;
  dropRole(request: { role: string }): Promise<{ dropped: boolean }>;
  exists(request: { database: string; role: string }): Promise<{ database: boolean; role: boolean }>;
  server(): Promise<{ host: string; port: number }>;
}

/** The add-on service's S3 server; bucket names already checked. */
export interface S3Capability {
  ensureBucket(request: { bucket: string }): Promise<{ created: boolean }>;
  removeBucket(request: { bucket: string }): Promise<{ removed: boolean }>;
  server(): Promise<{ endpoint: string; region: string }>;
}

/** Named configuration values; the implementation decides which names exist (an allow-list, not the whole env). */
export interface ConfigCapability {
  get(name: string): Promise<string | null>;
}

/** What the caller lends a call. A capability granted by the manifest but missing here fails when used. */
export interface HostPorts {
  kube?: KubeCapability;
  http?: HttpCapability;
  log?: LogSink;
  postgres?: PostgresCapability;
  s3?: S3Capability;
  config?: ConfigCapability;
}
