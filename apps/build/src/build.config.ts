import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** How the build service builds, where it pushes and where it keeps packages. S3_SECRET_KEY never reaches a log. */
export const buildConfigSchema = z.object({
  S3_ENDPOINT: z.string().min(1).default('127.0.0.1'),
  S3_PORT: z.coerce.number().int().min(1).max(65535).default(9000),
  S3_USE_SSL: flag.default(false),
  S3_ACCESS_KEY: z.string().min(1).default('minioadmin'),
  S3_SECRET_KEY: z.string().min(1).default('minioadmin'),
  /** AppManager's default bucket (PackageProperties). */
  BUILD_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name')
    .default('appmanager'),
  /** Where images are pushed unless a container's build options name a registry (host:port[/path]). */
  BUILD_REGISTRY: z.string().min(1).default('127.0.0.1:5000'),
  /** Push over plain HTTP / without TLS verification: only for a local registry (`npm run up` and the tests set it). */
  BUILD_REGISTRY_INSECURE: flag.default(false),
  BUILD_BACKEND: z.enum(['buildah', 'kaniko', 'docker']).default('buildah'),
  /** buildah's storage (vfs), kept between builds so base layers are reused. */
  BUILDAH_ROOT: z.string().min(1).default(join(tmpdir(), 'appmanager-buildah')),
  BUILD_WORK_DIR: z.string().min(1).default(join(tmpdir(), 'appmanager-build')),
  /** Keep a mirror of each git repository under BUILD_WORK_DIR and fetch it per build, instead of cloning every time. */
  BUILD_GIT_MIRRORS: flag.default(true),
  /**
   * `zero`: images get time 0 (creation and file times), so the same sources build the same layers and digests
   * (reproducible; pushes of unchanged layers are skipped); `build`: the time of the build.
   */
  BUILD_IMAGE_TIMESTAMP: z.enum(['zero', 'build']).default('zero'),
  /** Component package tasks run at once by this replica. */
  BUILD_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3),
  /** A running task's lease: a replica that dies holding one loses it after this long, and the task is started again. */
  BUILD_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(15_000),
  /** How often idle replicas look for runnable tasks (new tasks also wake this replica at once). */
  BUILD_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** A component build that takes longer fails (AppManager's buildMaxRunningSeconds). */
  BUILD_TIMEOUT_MS: z.coerce.number().int().min(1000).max(86_400_000).default(3_600_000),
  /** Kaniko back-end: the cluster (deploy's id) and namespace its Jobs run in. */
  BUILD_KANIKO_CLUSTER: z.string().min(1).optional(),
  BUILD_KANIKO_NAMESPACE: z.string().min(1).default('appmanager-build'),
  /** The Secret (in that namespace) with the package store's keys (accessKeyId, secretAccessKey) Kaniko reads the context with. */
  BUILD_KANIKO_S3_SECRET: z.string().min(1).default('appmanager-build-s3'),
  /** The executor image; default the maintained fork (GoogleContainerTools/kaniko is archived). */
  BUILD_KANIKO_IMAGE: z.string().min(1).optional(),
  CLUSTER_CREDENTIALS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  INTERNAL_SERVICE_KEY: z.string().min(1).optional(),
  /** Docker back-end: the engine's socket or URL (untested here: no engine on this machine). */
  DOCKER_HOST: z.string().min(1).optional(),
});

export type BuildConfig = z.infer<typeof buildConfigSchema>;
