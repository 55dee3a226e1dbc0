import { appliedFieldsOf, canonicalJson, hashOfFields } from '@appmanager/contracts';
import { createHash } from 'node:crypto';

/** Annotation on every applied object: the version of the node that applied it. */
export const nodeVersionAnnotation = 'appmanager.io/node-version';

export { canonicalJson };

/**
 * A node's version: the digest of what it will apply. The same version is never applied twice; a changed
 * application (retry after a fix) or a new deployment (its label differs) is a new version and is applied.
 */
export function nodeVersion(objects: readonly unknown[]): string {
  return createHash('sha256').update(canonicalJson(objects)).digest('hex').slice(0, 16);
}

/** Returns copies carrying the node-version annotation. */
export function annotateVersion<T extends { metadata: { annotations?: Record<string, string> } }>(
  objects: readonly T[],
  version: string,
): T[] {
  return objects.map((o) => {
    const copy = structuredClone(o);
    copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), [nodeVersionAnnotation]: version };
    return copy;
  });
}

/** What an object was applied as, for drift checks: the hash of its applied fields (see `appliedFieldsOf`). */
export function specHash(object: Record<string, unknown>): string {
  return hashOfFields(appliedFieldsOf(object));
}
