import type { WorkloadBehaviour } from '../controllers/controller-context.js';

export interface ClusterSimOptions {
  /** 0 (default) picks a free port */
  port?: number;
  host?: string;
  /** HTTPS with a generated CA (default); false serves plain HTTP */
  tls?: boolean;
  /** where the CA and server certificate are cached (default: a directory under the OS temp dir) */
  certDir?: string;
  /** clusters registered at start, named `<clusterPrefix>-1`... */
  clusters?: number;
  clusterPrefix?: string;
  /** bearer token of the admin API (default: random) */
  adminToken?: string;
  podReadyDelayMs?: number;
  jobRunMs?: number;
  /** images matching this never pull (default: names containing `does-not-exist` or `unpullable`) */
  unpullableImage?: RegExp;
  /** images matching this crash-loop (default: names containing `crashloop`) */
  crashLoopImage?: RegExp;
  crashLoopBackoffMs?: number;
  /** delay before Flux objects get their Ready condition (default 500 ms) */
  fluxReconcileMs?: number;
  /** HelmReleases of charts matching this fail to install (default: chart names starting with `broken-`) */
  brokenChart?: RegExp;
  /** Kustomizations whose path matches this fail to build (default: paths containing `broken-`) */
  brokenKustomizePath?: RegExp;
  /** delay before Terraform objects get their outputs Secret and Ready condition (default 500 ms) */
  terraformReconcileMs?: number;
  /** Terraform objects whose spec.path matches this fail (default: paths containing `broken-`) */
  brokenTerraformPath?: RegExp;
  /** how often watches that allow bookmarks get one */
  bookmarkIntervalMs?: number;
  /** watch events kept per cluster; a watch from an older resourceVersion gets 410 Gone */
  eventRingSize?: number;
  log?: (line: string) => void;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  tls: boolean;
  certDir: string | undefined;
  clusters: number;
  clusterPrefix: string;
  adminToken: string | undefined;
  behaviour: WorkloadBehaviour;
  bookmarkIntervalMs: number;
  eventRingSize: number;
  log: (line: string) => void;
}

export function resolveOptions(o: ClusterSimOptions): ResolvedOptions {
  return {
    port: o.port ?? 0,
    host: o.host ?? '127.0.0.1',
    tls: o.tls ?? true,
    certDir: o.certDir,
    clusters: o.clusters ?? 0,
    clusterPrefix: o.clusterPrefix ?? 'sim',
    adminToken: o.adminToken,
    behaviour: {
      podReadyDelayMs: o.podReadyDelayMs ?? 1000,
      jobRunMs: o.jobRunMs ?? 2000,
      unpullableImage: o.unpullableImage ?? /does-not-exist|unpullable/,
      crashLoopImage: o.crashLoopImage ?? /crashloop/,
      crashLoopBackoffMs: o.crashLoopBackoffMs ?? 10_000,
      fluxReconcileMs: o.fluxReconcileMs ?? 500,
      brokenChart: o.brokenChart ?? /^broken-/,
      brokenKustomizePath: o.brokenKustomizePath ?? /broken-/,
      terraformReconcileMs: o.terraformReconcileMs ?? 500,
      brokenTerraformPath: o.brokenTerraformPath ?? /broken-/,
    },
    bookmarkIntervalMs: o.bookmarkIntervalMs ?? 15_000,
    eventRingSize: o.eventRingSize ?? 1000,
    log: o.log ?? ((line) => process.stderr.write(`${line}\n`)),
  };
}
