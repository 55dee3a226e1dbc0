import type { BuildLog } from '../../builders/application/image-builder.js';

export interface SourceRef {
  repo: string;
  branch?: string;
  tag?: string;
  commit?: string;
  repoPath?: string;
}

/** Port: a build context checked out from git, and AppManager's Containerfile templates. */
export abstract class BuildSources {
  /** The context directory (repoPath inside the checkout) and the commit it is at. */
  abstract fetch(source: SourceRef, into: string, log: BuildLog): Promise<{ contextDir: string; commit: string }>;
  abstract render(template: string, args: Record<string, string>): string;
}
