import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { Agent, request, type Dispatcher } from 'undici';
import type { ClusterAccess } from '@appmanager/messaging';

/** A live object as the API server returned it. */
export type LiveObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> };
};

export interface KindRef {
  apiVersion: string;
  kind: string;
}

export type ListOutcome =
  | { ok: true; items: LiveObject[] }
  | { ok: false; throttled: true; retryAfterMs: number; reason: string }
  | { ok: false; throttled: false; status: number | undefined; reason: string };

export interface KubeListTransportOptions {
  /** Distinct API servers (origin + CA + client certificate) kept alive at once; the least recently used closes. */
  maxOrigins?: number;
  /** Connections per API server. */
  connectionsPerOrigin?: number;
  timeoutMs?: number;
}

/** The few kinds whose resource name is not simply the lower-case plural of the kind. */
const KNOWN_PLURALS: Record<string, string> = {
  Endpoints: 'endpoints',
  Ingress: 'ingresses',
  NetworkPolicy: 'networkpolicies',
  PodDisruptionBudget: 'poddisruptionbudgets',
  StorageClass: 'storageclasses',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
};

/**
 * LISTs for the poll loop, straight over undici (the HTTP client @kubernetes/client-node itself uses), with
 * kept-alive connections in a bounded pool: one Agent per API server, an LRU of them. One LIST per cluster and
 * kind, our label selector, `resourceVersion=0` (served from the API server's watch cache, not a quorum read).
 * client-node's generated list methods deserialise every object into model classes; a poller only hashes
 * resource versions, so it reads JSON (the benchmark measures both). Errors never carry a credential.
 */
export class KubeListTransport {
  private readonly agents: LRUCache<string, Agent>;
  private readonly plurals = new Map<string, string>();
  private readonly timeoutMs: number;
  private readonly connections: number;

  constructor(options: KubeListTransportOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.connections = options.connectionsPerOrigin ?? 8;
    this.agents = new LRUCache<string, Agent>({
      max: options.maxOrigins ?? 2000,
      dispose: (agent) => void agent.close().catch(() => undefined),
    });
  }

  /** Kept-alive API servers right now. */
  get pooledOrigins(): number {
    return this.agents.size;
  }

  async list(access: ClusterAccess, ref: KindRef, labelSelector: string, namespace?: string): Promise<ListOutcome> {
    const query = `${labelSelector ? `labelSelector=${encodeURIComponent(labelSelector)}&` : ''}resourceVersion=0`;
    const path = `${collectionPath(ref, await this.pluralOf(access, ref), namespace)}?${query}`;
    try {
      const response = await this.send(access, path);
      if (response.statusCode === 200) {
        const body = (await response.body.json()) as { items?: LiveObject[] };
        return { ok: true, items: (body.items ?? []).map((item) => ({ ...item, apiVersion: ref.apiVersion, kind: ref.kind })) };
      }
      const text = (await response.body.text()).slice(0, 300);
      if (response.statusCode === 429) {
        const retryAfter = Number(response.headers['retry-after']);
        return { ok: false, throttled: true, retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : 5000, reason: 'HTTP 429' };
      }
      return {
        ok: false,
        throttled: false,
        status: response.statusCode,
        reason: `HTTP ${response.statusCode} listing ${ref.kind}: ${reasonOf(text)}`,
      };
    } catch (error) {
      return { ok: false, throttled: false, status: undefined, reason: `listing ${ref.kind}: ${(error as Error).message}` };
    }
  }

  /** One object, or null when it is not there. Throws on any other answer. */
  async get(access: ClusterAccess, ref: KindRef, namespace: string, name: string): Promise<LiveObject | null> {
    const plural = await this.pluralOf(access, ref);
    const response = await this.send(access, `${collectionPath(ref, plural, namespace)}/${encodeURIComponent(name)}`);
    if (response.statusCode === 404) {
      await response.body.dump();
      return null;
    }
    if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode} reading ${ref.kind} ${namespace}/${name}`);
    return (await response.body.json()) as LiveObject;
  }

  /** Server-side apply (forced: an operator trait owns what it sets), for the Trait Operator. */
  async apply(access: ClusterAccess, namespace: string, object: Record<string, unknown>, fieldManager: string): Promise<LiveObject> {
    const ref = { apiVersion: String(object['apiVersion']), kind: String(object['kind']) };
    const name = String((object['metadata'] as { name?: unknown } | undefined)?.name ?? '');
    const plural = await this.pluralOf(access, ref);
    const path = `${collectionPath(ref, plural, namespace)}/${encodeURIComponent(name)}?fieldManager=${encodeURIComponent(fieldManager)}&force=true`;
    const body = JSON.stringify({ ...object, metadata: { ...(object['metadata'] as object), namespace } });
    const response = await this.send(access, path, { method: 'PATCH', body, contentType: 'application/apply-patch+yaml' });
    if (response.statusCode !== 200 && response.statusCode !== 201) {
      throw new Error(`HTTP ${response.statusCode} applying ${ref.kind} ${namespace}/${name}: ${reasonOf(await response.body.text())}`);
    }
    return (await response.body.json()) as LiveObject;
  }

  async close(): Promise<void> {
    this.agents.clear();
  }

  private send(
    access: ClusterAccess,
    path: string,
    write?: { method: 'PATCH'; body: string; contentType: string },
  ): Promise<Dispatcher.ResponseData> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (access.credentials.kind === 'token') headers['authorization'] = `Bearer ${access.credentials.token}`;
    if (write) headers['content-type'] = write.contentType;
    return request(`${access.apiServer.replace(/\/$/, '')}${path}`, {
      dispatcher: this.agentFor(access),
      headers,
      ...(write ? { method: write.method, body: write.body } : {}),
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
  }

  private agentFor(access: ClusterAccess): Agent {
    const origin = new URL(access.apiServer).origin;
    const cert = access.credentials.kind === 'client-certificate' ? access.credentials.certificate : '';
    const key = `${origin}|${fingerprint(access.caCertificate)}|${fingerprint(cert)}`;
    let agent = this.agents.get(key);
    if (agent === undefined) {
      const tls = {
        ...(access.caCertificate ? { ca: access.caCertificate } : {}),
        ...(access.credentials.kind === 'client-certificate' ? { cert: access.credentials.certificate, key: access.credentials.key } : {}),
      };
      agent = new Agent({ connections: this.connections, keepAliveTimeout: 30_000, connect: tls });
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** A kind's resource name: known, or asked of the API server's discovery once per apiVersion and kind. */
  async pluralOf(access: ClusterAccess, ref: KindRef): Promise<string> {
    const cacheKey = `${ref.apiVersion}/${ref.kind}`;
    const known = this.plurals.get(cacheKey) ?? KNOWN_PLURALS[ref.kind];
    if (known) return known;
    const fallback = defaultPlural(ref.kind);
    if (isBuiltIn(ref.apiVersion)) return fallback;
    try {
      const response = await this.send(access, groupPath(ref.apiVersion));
      if (response.statusCode !== 200) {
        await response.body.dump();
        return fallback;
      }
      const body = (await response.body.json()) as { resources?: { name: string; kind: string }[] };
      const plural = body.resources?.find((r) => r.kind === ref.kind && !r.name.includes('/'))?.name ?? fallback;
      this.plurals.set(cacheKey, plural);
      return plural;
    } catch {
      return fallback;
    }
  }
}

const BUILT_IN_GROUPS = [
  'v1',
  'apps/v1',
  'batch/v1',
  'networking.k8s.io/v1',
  'policy/v1',
  'autoscaling/v2',
  'rbac.authorization.k8s.io/v1',
];
const isBuiltIn = (apiVersion: string): boolean => BUILT_IN_GROUPS.includes(apiVersion);

function defaultPlural(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('s')) return `${lower}es`;
  if (lower.endsWith('y')) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

const groupPath = (apiVersion: string): string => (apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}`);

function collectionPath(ref: KindRef, plural: string, namespace?: string): string {
  return `${groupPath(ref.apiVersion)}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${plural}`;
}

function fingerprint(text: string): string {
  return text ? createHash('sha256').update(text).digest('hex').slice(0, 16) : '-';
}

function reasonOf(text: string): string {
  try {
    return (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    return text;
  }
}
