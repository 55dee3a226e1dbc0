import type { PluginPackage } from './plugin-package.js';

export type UploadDecision = 'create' | 'unchanged' | 'replace' | 'conflict';

/**
 * What an upload of `name@version` does. A version is immutable once published, so different
 * content under a taken version is a conflict unless forced; the same content is a no-op, which makes
 * re-installing the built-ins at every start-up free.
 */
export function decideUpload(existing: Pick<PluginPackage, 'sha256'> | undefined, sha256: string, force: boolean): UploadDecision {
  if (!existing) return 'create';
  if (existing.sha256 === sha256) return 'unchanged';
  return force ? 'replace' : 'conflict';
}
