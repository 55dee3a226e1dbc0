import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createTestDatabase,
  freePort,
  startDockerRegistry,
  startNatsServer,
  startS3Server,
  startServiceProcess,
  type PrivateDockerRegistry,
  type PrivateNatsServer,
  type PrivateS3Server,
  type ServiceProcess,
  type TestDatabase,
} from '@appmanager/testing';

export const buildMain = fileURLToPath(new URL('../main.js', import.meta.url));

/** The build service's real neighbours: NATS JetStream, Postgres, the S3 server, a registry and buildah's own store. */
export interface BuildTestBed {
  nats: PrivateNatsServer;
  database: TestDatabase;
  s3: PrivateS3Server;
  registry: PrivateDockerRegistry;
  workDir: string;
  /** The environment a build service process runs with here. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** A build service as a process of its own (so a test can SIGKILL it). */
  startBuild(extra?: Record<string, string>): Promise<ServiceProcess>;
  close(): Promise<void>;
}

export async function startBuildTestBed(label: string): Promise<BuildTestBed> {
  const [nats, database, s3, registry] = await Promise.all([
    startNatsServer(),
    createTestDatabase(label),
    startS3Server(),
    startDockerRegistry(),
  ]);
  const workDir = await mkdtemp(join(tmpdir(), `am-${label}-`));
  const processes: ServiceProcess[] = [];
  const env = (extra: Record<string, string> = {}) => ({
    PATH: process.env['PATH'] ?? '',
    // buildah keeps its blob-info cache under HOME: without it every push compresses every layer again
    HOME: process.env['HOME'] ?? '/root',
    NATS_URL: nats.url,
    DATABASE_URL: database.url,
    S3_ENDPOINT: s3.endPoint,
    S3_PORT: String(s3.port),
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    BUILD_REGISTRY: registry.host,
    BUILD_REGISTRY_INSECURE: 'true',
    // buildah's vfs store outlives a killed build service, as it would on a node
    BUILDAH_ROOT: join(workDir, 'buildah'),
    BUILD_WORK_DIR: join(workDir, 'work'),
    BUILD_LEASE_MS: '3000',
    BUILD_POLL_MS: '200',
    LOG_LEVEL: 'info',
    ...extra,
  });
  return {
    nats,
    database,
    s3,
    registry,
    workDir,
    env,
    async startBuild(extra = {}) {
      const started = await startServiceProcess({ name: 'build', main: buildMain, port: await freePort(), env: env(extra) });
      processes.push(started);
      return started;
    },
    async close() {
      await Promise.all(processes.map((p) => p.stop().catch(() => undefined)));
      await Promise.all([nats.stop(), database.drop(), s3.stop(), registry.stop()].map((p) => p.catch(() => undefined)));
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/** A Containerfile that copies a file of `megabytes` random-ish bytes, so a build takes a moment. */
export function contextFiles(name: string, megabytes = 0): Record<string, string> {
  return {
    Containerfile: [
      'FROM scratch',
      'ARG GREETING=hello',
      'LABEL greeting=$GREETING',
      `COPY ${name}.txt /${name}.txt`,
      'COPY payload.bin /payload.bin',
    ].join('\n'),
    [`${name}.txt`]: `${name}\n`,
    'payload.bin':
      megabytes > 0 ? Array.from({ length: megabytes * 1024 }, (_, i) => `${name}-${i}`.padEnd(1023, '.') + '\n').join('') : '-\n',
  };
}

/** A K8S_MICROSERVICE binder (AppManager's build.yaml) building one container from `repo` at `ref`. */
export function microserviceBinder(name: string, repo: string, ref: { branch?: string; tag?: string; commit?: string }) {
  return {
    componentType: 'K8S_MICROSERVICE',
    componentName: name,
    options: {
      kind: 'Deployment',
      replicas: 2,
      env: ['GREETING'],
      containers: [{ name, build: { repo, ...ref, dockerfileTemplate: 'Containerfile', args: { GREETING: `hi-${name}` } } }],
    },
  };
}
