/** What a builder is asked to build: a context on local disk and where to push the image. */
export interface ImageBuildRequest {
  contextDir: string;
  /** path of the Containerfile/Dockerfile, relative to `contextDir` */
  containerfile: string;
  buildArgs: Record<string, string>;
  /** `registry/repository:tag` to push */
  image: string;
  /** further tags of the same repository, pushed too */
  extraTags?: string[];
  /** plain HTTP / unverified TLS to the registry */
  insecureRegistry?: boolean;
  labels?: Record<string, string>;
  /**
   * Seconds since the epoch for the image's creation time and every file's time in its layers (Shipwright's
   * output.timestamp): the same sources then give the same layers wherever they were checked out, so a registry
   * that has them takes no upload. Absent: the time of the build, as the tool does by default.
   */
  timestamp?: number;
}

export interface ImageBuildResult {
  image: string;
  repository: string;
  tag: string;
  /** `sha256:…` of the manifest as pushed */
  digest: string;
  /** `repository@sha256:…`: how deployments should reference the image */
  pinned: string;
  durationMs: number;
}

/** Receives build output, one call per line; builders never write secrets to it. */
export interface BuildLog {
  line(text: string): void;
}

/** The port: builds an image from a context, pushes it and says which digest the registry got. */
export abstract class ImageBuilder {
  abstract readonly kind: 'buildah' | 'kaniko' | 'docker';
  abstract build(request: ImageBuildRequest, log: BuildLog, signal: AbortSignal): Promise<ImageBuildResult>;
}

/** A build that failed: `reason` names the step and cause, `lastLines` is the tail of its output. */
export class ImageBuildError extends Error {
  override readonly name = 'ImageBuildError';
  constructor(
    readonly reason: string,
    readonly lastLines: string[],
  ) {
    super(lastLines.length > 0 ? `${reason}\n${lastLines.join('\n')}` : reason);
  }
}

/** Splits `registry/repository:tag` (a digest suffix is not accepted: this names what to push). */
export function parseImageName(image: string): { repository: string; tag: string } {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (image.includes('@')) throw new Error(`image to push must be named by tag, not digest: ${image}`);
  if (colon <= slash) return { repository: image, tag: 'latest' };
  return { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
}

/** The result once the pushed digest is known. */
export function buildResult(image: string, digest: string, startedAt: number): ImageBuildResult {
  const { repository, tag } = parseImageName(image);
  return { image, repository, tag, digest, pinned: `${repository}@${digest}`, durationMs: Date.now() - startedAt };
}

/** Keeps the last `size` lines of output for an error message. */
export class LineTail {
  private readonly lines: string[] = [];
  constructor(private readonly size = 20) {}
  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.size) this.lines.shift();
  }
  get last(): string[] {
    return [...this.lines];
  }
}
