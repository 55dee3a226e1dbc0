import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from '../admin/admin.handler.js';
import { FaultRegistry, type FaultRule, type FaultSpec } from '../admin/fault-registry.js';
import { renderKubeconfig } from '../admin/kubeconfig.js';
import { handleKubeApi } from '../api/kube-api.handler.js';
import { ClusterRegistry } from '../cluster/cluster-registry.js';
import { ApiError, notFound, tooManyRequests, unauthorized } from '../domain/api-error.js';
import { BUILTIN_TYPES } from '../domain/resource-types.js';
import { sendError } from './http-io.js';
import { resolveOptions, type ClusterSimOptions } from './sim-options.js';
import { ensureTlsMaterial } from './tls.js';

/** A running simulator, as tests and the CLI drive it. */
export interface ClusterSim {
  /** e.g. `https://127.0.0.1:6443` */
  readonly url: string;
  readonly adminToken: string;
  /** PEM of the CA that signed the server certificate (undefined over plain HTTP) */
  readonly caPem: string | undefined;
  readonly registry: ClusterRegistry;
  /** Registers a cluster (idempotent) and returns its kubeconfig. */
  createCluster(name: string): string;
  deleteCluster(name: string): boolean;
  kubeconfig(name: string): string;
  serverOf(name: string): string;
  addFault(spec: FaultSpec): FaultRule;
  clearFaults(): void;
  close(): Promise<void>;
}

const CLUSTER_PATH = /^\/clusters\/([^/]+)(\/.*)?$/;

/** Starts one process-wide API server that serves every virtual cluster under `/clusters/<name>`. */
export async function startClusterSim(options: ClusterSimOptions = {}): Promise<ClusterSim> {
  const o = resolveOptions(options);
  const tls = o.tls ? ensureTlsMaterial(o.certDir) : undefined;
  const registry = new ClusterRegistry(o.behaviour, o.eventRingSize);
  const faults = new FaultRegistry();
  const adminToken = o.adminToken ?? randomBytes(24).toString('base64url');
  const hung = new Set<ServerResponse>();
  let url = '';

  const serverOf = (name: string): string => `${url}/clusters/${name}`;
  const kubeconfigOf = (name: string): string =>
    renderKubeconfig({ cluster: name, server: serverOf(name), token: registry.tokenOf(name), ...(tls ? { caPem: tls.caPem } : {}) });
  const adminCtx = {
    registry,
    faults,
    kubeconfigOf,
    serverOf,
    dropWatches: (match: (name: string) => boolean) => {
      for (const name of registry.names()) if (registry.isMaterialised(name) && match(name)) registry.materialise(name)!.closeWatches();
    },
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = new URL(req.url ?? '/', 'http://sim');
    const path = parsed.pathname;
    if (path.startsWith('/admin/v1/')) {
      if (bearer(req) !== adminToken) throw unauthorized();
      return handleAdmin(req, res, path.slice('/admin/v1'.length), parsed.searchParams, adminCtx);
    }
    const m = CLUSTER_PATH.exec(path);
    if (!m) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    const name = decodeURIComponent(m[1]!);
    if (!registry.has(name)) throw notFound({ group: 'admin.cluster-sim', resource: 'clusters' }, name);
    let watchDropAfterMs = 0;
    for (const rule of faults.forCluster(name)) {
      if (rule.down === 'refuse') {
        req.socket.destroy();
        return;
      }
      if (rule.down === 'hang') {
        hung.add(res);
        res.on('close', () => hung.delete(res));
        return;
      }
      if (rule.latencyMs) await new Promise((r) => setTimeout(r, rule.latencyMs));
      if (rule.error && Math.random() < (rule.error.rate ?? 1)) {
        if (rule.error.code === 429) throw tooManyRequests(rule.error.retryAfterSeconds ?? 1);
        throw new ApiError(rule.error.code, rule.error.code === 500 ? 'InternalError' : 'ServiceUnavailable', 'injected fault');
      }
      if (rule.watchDropAfterMs) watchDropAfterMs = rule.watchDropAfterMs;
    }
    if (!registry.checkToken(name, bearer(req) ?? '')) throw unauthorized();
    await handleKubeApi({
      req,
      res,
      path: m[2] ?? '/',
      query: parsed.searchParams,
      prefix: `/clusters/${name}`,
      cluster: () => registry.materialise(name)!,
      seeded: () => registry.seededObjects(name),
      types: () => registry.peek(name)?.types.all() ?? [...BUILTIN_TYPES],
      watch: { bookmarkIntervalMs: o.bookmarkIntervalMs, dropAfterMs: watchDropAfterMs },
    });
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch((err: unknown) => {
      if (!(err instanceof ApiError))
        o.log(`cluster-sim: unexpected error on ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
      sendError(res, err);
    });
  };
  const server: Server = tls ? createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, handler) : createHttpServer(handler);
  // client-node 2 opens a new connection per request and leaves the old one idle; a short idle
  // timeout keeps thousands of abandoned TLS sockets from piling up in the one process.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  url = `${tls ? 'https' : 'http'}://${o.host.includes(':') ? `[${o.host}]` : o.host}:${address.port}`;
  for (let i = 1; i <= o.clusters; i++) registry.add(`${o.clusterPrefix}-${i}`);

  return {
    url,
    adminToken,
    caPem: tls?.caPem,
    registry,
    serverOf,
    createCluster: (name) => {
      registry.add(name);
      return kubeconfigOf(name);
    },
    deleteCluster: (name) => registry.remove(name),
    kubeconfig: kubeconfigOf,
    addFault: (spec) => {
      const rule = faults.add(spec);
      if (spec.dropWatches) adminCtx.dropWatches((n) => faults.forCluster(n).includes(rule));
      return rule;
    },
    clearFaults: () => {
      faults.clear();
      for (const res of hung) res.destroy();
    },
    close: async () => {
      for (const res of hung) res.destroy();
      registry.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}
