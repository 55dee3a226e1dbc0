import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ClusterCredentialsSource } from '@appmanager/messaging';
import { kubeConfigOf } from '@appmanager/messaging';
import { writeTarGz } from '@appmanager/plugin-package';
import type { BuildConfig } from '../../build.config.js';
import {
  type BuildLog,
  ImageBuilder,
  type ImageBuildRequest,
  type ImageBuildResult,
  parseImageName,
} from '../../builders/application/image-builder.js';
import { KanikoImageBuilder } from '../../builders/outbound/kaniko.builder.js';
import type { PackageStore } from '../../packages/application/package.store.js';

/**
 * The Kaniko back-end as the service runs it (AppManager's enableKaniko path): the context tarred into the package
 * store (`components/kaniko/…`, as AppManager lays it out), then one Kaniko Job on BUILD_KANIKO_CLUSTER (credentials
 * from deploy, ADR 0011), which reads it with the keys of the Secret BUILD_KANIKO_S3_SECRET names and pushes.
 */
export class KanikoServiceBuilder extends ImageBuilder {
  readonly kind = 'kaniko' as const;

  constructor(
    private readonly config: BuildConfig,
    private readonly store: PackageStore,
    private readonly credentials: ClusterCredentialsSource,
  ) {
    super();
  }

  async build(request: ImageBuildRequest, log: BuildLog, signal: AbortSignal): Promise<ImageBuildResult> {
    const cluster = this.config.BUILD_KANIKO_CLUSTER;
    if (!cluster) throw new Error('BUILD_BACKEND=kaniko needs BUILD_KANIKO_CLUSTER: the cluster its Jobs run on');
    const { repository, tag } = parseImageName(request.image);
    const key = `components/kaniko/${repository.replace(/^[^/]+\//, '')}/${tag}.tar.gz`;
    await this.store.put(key, await contextArchive(request.contextDir), 'application/gzip');
    log.line(`context uploaded to s3://${this.config.BUILD_S3_BUCKET}/${key}`);
    const access = (await this.credentials.fetch([cluster])).get(cluster);
    if (!access) throw new Error(`deploy knows no cluster "${cluster}" (BUILD_KANIKO_CLUSTER)`);
    const scheme = this.config.S3_USE_SSL ? 'https' : 'http';
    const builder = new KanikoImageBuilder({
      kubeConfig: kubeConfigOf(access),
      namespace: this.config.BUILD_KANIKO_NAMESPACE,
      ...(this.config.BUILD_KANIKO_IMAGE ? { image: this.config.BUILD_KANIKO_IMAGE } : {}),
      s3: {
        endpoint: `${scheme}://${this.config.S3_ENDPOINT}:${this.config.S3_PORT}`,
        credentialsSecret: { name: this.config.BUILD_KANIKO_S3_SECRET },
      },
    });
    return builder.build({ ...request, contextUrl: `s3://${this.config.BUILD_S3_BUCKET}/${key}` }, log, signal);
  }
}

/** The context as a gzipped tar, without its `.git`. */
async function contextArchive(dir: string): Promise<Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = relative(dir, join(entry.parentPath, entry.name));
    if (path === '.git' || path.startsWith('.git/')) continue;
    files.set(path, await readFile(join(dir, path)));
  }
  return writeTarGz(files);
}
