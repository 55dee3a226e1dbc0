import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  buildResult,
  ImageBuildError,
  ImageBuilder,
  parseImageName,
  type BuildLog,
  type ImageBuildRequest,
  type ImageBuildResult,
} from '../application/image-builder.js';
import { runStreamed } from './streamed-process.js';

export interface BuildahOptions {
  /** default `buildah` */
  binary?: string;
  /** default `vfs`: works unprivileged and nested, at the cost of full copies per layer */
  storageDriver?: string;
  /** image store (`--root`); buildah's default when absent */
  root?: string;
  /** run state (`--runroot`); buildah's default when absent */
  runroot?: string;
  /** default `chroot`, what works inside an unprivileged pod */
  isolation?: 'chroot' | 'oci' | 'rootless';
  /** registry credentials file (`--authfile`); its content never reaches the log */
  authFile?: string;
}

/** True when the buildah binary runs here. */
export function buildahAvailable(binary = 'buildah'): Promise<boolean> {
  return new Promise((resolve) => execFile(binary, ['version'], (error) => resolve(!error)));
}

/**
 * Builds with `buildah bud` and pushes with `buildah push --digestfile`, the Tekton/Shipwright
 * "strategy-managed push": the digest is what the registry stored. Each build has its own temp
 * dir for digest files; builds share the image store, which buildah locks.
 */
export class BuildahImageBuilder extends ImageBuilder {
  readonly kind = 'buildah' as const;

  constructor(private readonly options: BuildahOptions = {}) {
    super();
  }

  async build(request: ImageBuildRequest, log: BuildLog, signal: AbortSignal): Promise<ImageBuildResult> {
    const startedAt = Date.now();
    const { repository } = parseImageName(request.image);
    const images = [request.image, ...(request.extraTags ?? []).map((tag) => `${repository}:${tag}`)];
    if (relative(request.contextDir, join(request.contextDir, request.containerfile)).startsWith('..')) {
      throw new ImageBuildError(`containerfile ${request.containerfile} lies outside the build context`, []);
    }
    const work = await mkdtemp(join(tmpdir(), 'am-buildah-'));
    try {
      await this.buildah('bud', this.budArgs(request, images), log, signal);
      const digests: string[] = [];
      for (const [i, image] of images.entries()) {
        const digestFile = join(work, `digest-${i}`);
        await this.buildah('push', this.pushArgs(request, image, digestFile), log, signal);
        digests.push((await readFile(digestFile, 'utf8')).trim());
      }
      const digest = digests[0] ?? '';
      if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new ImageBuildError(`push wrote no digest for ${request.image}`, []);
      return buildResult(request.image, digest, startedAt);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  private budArgs(request: ImageBuildRequest, images: string[]): string[] {
    return [
      'bud',
      '--isolation',
      this.options.isolation ?? 'chroot',
      '-f',
      join(request.contextDir, request.containerfile),
      ...Object.entries(request.buildArgs).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
      ...Object.entries(request.labels ?? {}).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
      ...(request.timestamp !== undefined ? ['--timestamp', String(request.timestamp)] : []),
      ...images.flatMap((image) => ['-t', image]),
      request.contextDir,
    ];
  }

  private pushArgs(request: ImageBuildRequest, image: string, digestFile: string): string[] {
    return [
      'push',
      ...(request.insecureRegistry ? ['--tls-verify=false'] : []),
      ...(this.options.authFile ? ['--authfile', this.options.authFile] : []),
      '--digestfile',
      digestFile,
      image,
    ];
  }

  private buildah(step: 'bud' | 'push', args: string[], log: BuildLog, signal: AbortSignal): Promise<void> {
    const global = [
      '--storage-driver',
      this.options.storageDriver ?? 'vfs',
      ...(this.options.root ? ['--root', this.options.root] : []),
      ...(this.options.runroot ? ['--runroot', this.options.runroot] : []),
    ];
    return runStreamed(step, this.options.binary ?? 'buildah', [...global, ...args], log, signal);
  }
}
