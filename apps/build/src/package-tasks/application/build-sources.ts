import type { BuildLog } from '../../builders/application/image-builder.js';

export interface SourceRef {
  /** A git repository, or `context`: the sha256 of a build context archive uploaded for the app. */
  repo?: string;
  context?: string;
  branch?: string;
  tag?: string;
  commit?: string;
  repoPath?: string;
}

/** Port: a build context checked out from git, and AppManager's Containerfile templates. */
export abstract class BuildSources {
  /** The context directory (repoPath inside the checkout) and what it is at: the commit, or the archive's sha256. */
  abstract fetch(appId: string, source: SourceRef, into: string, log: BuildLog): Promise<{ contextDir: string; commit: string }>;
  abstract render(template: string, args: Record<string, string>): string;
}
