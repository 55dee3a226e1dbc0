import { createHash } from 'node:crypto';

/** Our objects on a cluster, as LISTs return them. */
export interface ListedObject {
  kind: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string };
}

/** Every object deploy stamps carries this label; a poll LISTs with it. */
export const MANAGED_SELECTOR = 'app.kubernetes.io/managed-by=appmanager';

/**
 * One digest of everything a poll saw: each object's kind, place and resourceVersion, in a stable order. It
 * changes when any of our objects is created, changed (spec or status) or deleted, and not otherwise.
 */
export function pollDigest(objects: readonly ListedObject[]): string {
  const keys = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}@${o.metadata.resourceVersion ?? ''}`).sort();
  return createHash('sha1').update(keys.join('\n')).digest('base64url').slice(0, 22);
}

/** Back-off after consecutive failures: 5 s doubling, capped at AppManager's hourly poll of failed clusters. */
export function failureBackoffMs(consecutiveFailures: number, capMs = 60 * 60 * 1000): number {
  return Math.min(capMs, 5000 * 2 ** Math.max(0, Math.min(consecutiveFailures - 1, 20)));
}

/** Failures in a row after which a cluster counts as unreachable (its breaker opens). */
export const BREAKER_THRESHOLD = 3;
