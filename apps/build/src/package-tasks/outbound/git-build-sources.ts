import { Injectable } from '@nestjs/common';
import type { BuildLog } from '../../builders/application/image-builder.js';
import { fetchGitContext, renderContainerfile } from '../../builders/outbound/build-context.js';
import type { BuildSources, SourceRef } from '../application/build-sources.js';

/** Build contexts from git (simple-git), Containerfile templates rendered as AppManager's dockerfileTemplate. */
@Injectable()
export class GitBuildSources implements BuildSources {
  fetch(source: SourceRef, into: string, log: BuildLog): Promise<{ contextDir: string; commit: string }> {
    return fetchGitContext(source, into, log);
  }

  render(template: string, args: Record<string, string>): string {
    return renderContainerfile(template, args);
  }
}
