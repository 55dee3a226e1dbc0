import { readdir } from 'node:fs/promises';
import type Dockerode from 'dockerode';
import {
  buildResult,
  ImageBuildError,
  ImageBuilder,
  LineTail,
  parseImageName,
  type BuildLog,
  type ImageBuildRequest,
  type ImageBuildResult,
} from '../application/image-builder.js';
import { followDockerProgress } from './docker-progress.js';
import { BuildAbortedError } from './streamed-process.js';

export interface DockerEngineOptions {
  /** a connected client, e.g. `new Dockerode({ host, port })` for SREWorks' remote `-H` daemon */
  docker: Dockerode;
  /** registry credentials for push; never logged */
  auth?: Dockerode.AuthConfig;
  /** `docker build --pull` (SREWorks always pulls); default true */
  pull?: boolean;
}

/**
 * Builds through a Docker Engine's API (SREWorks' original back-end) and pushes; the digest is the
 * push stream's `aux.Digest`. Untested against a real engine: none runs where our tests run; only
 * the progress parsing is unit-tested. `insecureRegistry` is the daemon's own configuration
 * (`insecure-registries`), not something a request can ask for.
 */
export class DockerEngineImageBuilder extends ImageBuilder {
  readonly kind = 'docker' as const;

  constructor(private readonly options: DockerEngineOptions) {
    super();
  }

  async build(request: ImageBuildRequest, log: BuildLog, signal: AbortSignal): Promise<ImageBuildResult> {
    const startedAt = Date.now();
    const { repository, tag } = parseImageName(request.image);
    const tail = new LineTail();
    const docker = this.options.docker;
    try {
      const src = await readdir(request.contextDir, { recursive: true });
      const built = await docker.buildImage(
        { context: request.contextDir, src },
        {
          dockerfile: request.containerfile,
          t: request.image,
          buildargs: request.buildArgs,
          labels: request.labels ?? {},
          pull: this.options.pull ?? true,
          rm: true,
          forcerm: true,
          abortSignal: signal,
        },
      );
      await followDockerProgress('build', built, (l) => log.line(l), tail);
      const tags = [tag, ...(request.extraTags ?? [])];
      for (const extra of tags.slice(1)) await docker.getImage(request.image).tag({ repo: repository, tag: extra });
      const digests: (string | undefined)[] = [];
      for (const pushed of tags) {
        const stream = await docker.getImage(repository).push({ tag: pushed, abortSignal: signal, ...this.authOption() });
        digests.push((await followDockerProgress('push', stream, (l) => log.line(l), tail)).digest);
      }
      if (!digests[0]) throw new ImageBuildError(`push of ${request.image} reported no digest`, tail.last);
      return buildResult(request.image, digests[0], startedAt);
    } catch (error) {
      if (signal.aborted) throw new BuildAbortedError('docker build', signal.reason);
      throw error;
    }
  }

  private authOption(): { authconfig?: Dockerode.AuthConfig } {
    return this.options.auth ? { authconfig: this.options.auth } : {};
  }
}
