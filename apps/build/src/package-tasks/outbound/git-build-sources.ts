import { join, relative, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { BuildLog } from '../../builders/application/image-builder.js';
import { extractArchiveContext, fetchGitContext, renderContainerfile } from '../../builders/outbound/build-context.js';
import { GitMirrorCache } from '../../builders/outbound/git-mirror-cache.js';
import { SERVICE_CONFIG } from '@appmanager/service-host';
import type { BuildConfig } from '../../build.config.js';
import { PackageStore, storageKeys } from '../../packages/application/package.store.js';
import type { BuildSources, SourceRef } from '../application/build-sources.js';

/** Build contexts from git (simple-git) or from an archive uploaded for the app; Containerfile templates as AppManager's. */
@Injectable()
export class GitBuildSources implements BuildSources {
  private readonly mirrors: GitMirrorCache | undefined;

  constructor(
    @Inject(PackageStore) private readonly store: PackageStore,
    @Inject(SERVICE_CONFIG) config: BuildConfig,
  ) {
    this.mirrors = config.BUILD_GIT_MIRRORS ? new GitMirrorCache(join(config.BUILD_WORK_DIR, 'git-mirrors')) : undefined;
  }

  async fetch(appId: string, source: SourceRef, into: string, log: BuildLog): Promise<{ contextDir: string; commit: string }> {
    if (!source.context) {
      const git = { ...source, repo: source.repo as string };
      return this.mirrors ? this.mirrors.fetch(git, into, log) : fetchGitContext(git, into, log);
    }
    const archive = await this.store.get(storageKeys.context(appId, source.context));
    if (!archive) throw new Error(`no build context ${source.context} was uploaded for "${appId}"`);
    await extractArchiveContext(archive, into);
    const contextDir = resolve(into, source.repoPath ?? '.');
    if (relative(into, contextDir).startsWith('..')) throw new Error(`repoPath ${source.repoPath} leads out of the context`);
    log.line(`unpacked uploaded context ${source.context} (${archive.length} bytes)`);
    return { contextDir: join(contextDir), commit: source.context };
  }

  render(template: string, args: Record<string, string>): string {
    return renderContainerfile(template, args);
  }
}
