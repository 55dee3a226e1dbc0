import type { V1Job } from '@kubernetes/client-node';
import type { ImageBuildRequest } from '../application/image-builder.js';

/** Kaniko reads its context from a URL the caller uploaded to (AppManager: `s3://…/{version}.tar.gz`). */
export interface KanikoBuildRequest extends ImageBuildRequest {
  /** e.g. `s3://appmanager/components/kaniko/app/K8S_MICROSERVICE/web/web/1.0.0.tar.gz` */
  contextUrl: string;
}

/** Where the S3 context lives and which Secret holds its keys; values never appear in a Job spec. */
export interface KanikoS3Access {
  endpoint: string;
  region?: string;
  credentialsSecret: { name: string; accessKeyIdKey?: string; secretAccessKeyKey?: string };
}

export interface KanikoJobOptions {
  /** default: the maintained fork, GoogleContainerTools/kaniko being archived since 2025-06 */
  image?: string;
  s3?: KanikoS3Access;
  /** a `kubernetes.io/dockerconfigjson` Secret mounted as Kaniko's registry credentials */
  dockerConfigSecret?: string;
  serviceAccountName?: string;
  /** on the build Pod, e.g. to keep a service-mesh sidecar out of it */
  podAnnotations?: Record<string, string>;
  /** default 3600 */
  activeDeadlineSeconds?: number;
  /** default 86400: the finished Job and its log stay a day for whoever investigates */
  ttlSecondsAfterFinished?: number;
}

export const KANIKO_IMAGE = 'ghcr.io/osscontainertools/kaniko:v1.25.0';
export const KANIKO_CONTAINER = 'kaniko';
const MANAGED_BY = 'appmanager-build';

/** The Kaniko executor's arguments: one `--destination` per tag, the digest to the termination log. */
export function kanikoArgs(request: KanikoBuildRequest, images: string[]): string[] {
  return [
    `--context=${request.contextUrl}`,
    `--dockerfile=${request.containerfile}`,
    ...images.map((image) => `--destination=${image}`),
    ...Object.entries(request.buildArgs).map(([k, v]) => `--build-arg=${k}=${v}`),
    ...Object.entries(request.labels ?? {}).map(([k, v]) => `--label=${k}=${v}`),
    '--digest-file=/dev/termination-log',
    ...(request.insecureRegistry ? ['--insecure', '--skip-tls-verify'] : []),
    // Kaniko's way to time 0: strips timestamps from the layers and the image
    ...(request.timestamp === 0 ? ['--reproducible'] : []),
  ];
}

/** A `batch/v1` Job that runs Kaniko once (no retries) and cleans itself up after its TTL. */
export function kanikoJob(name: string, request: KanikoBuildRequest, images: string[], options: KanikoJobOptions): V1Job {
  const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/component': 'image-build' };
  const s3 = options.s3;
  const secretEnv = (envName: string, key: string) => ({
    name: envName,
    valueFrom: { secretKeyRef: { name: s3!.credentialsSecret.name, key } },
  });
  const env = s3
    ? [
        { name: 'S3_ENDPOINT', value: s3.endpoint },
        { name: 'S3_FORCE_PATH_STYLE', value: 'true' },
        { name: 'AWS_REGION', value: s3.region ?? 'us-east-1' },
        secretEnv('AWS_ACCESS_KEY_ID', s3.credentialsSecret.accessKeyIdKey ?? 'accessKeyId'),
        secretEnv('AWS_SECRET_ACCESS_KEY', s3.credentialsSecret.secretAccessKeyKey ?? 'secretAccessKey'),
      ]
    : [];
  const docker = options.dockerConfigSecret;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: options.activeDeadlineSeconds ?? 3600,
      ttlSecondsAfterFinished: options.ttlSecondsAfterFinished ?? 86_400,
      template: {
        metadata: { labels, ...(options.podAnnotations ? { annotations: options.podAnnotations } : {}) },
        spec: {
          restartPolicy: 'Never',
          ...(options.serviceAccountName ? { serviceAccountName: options.serviceAccountName } : {}),
          containers: [
            {
              name: KANIKO_CONTAINER,
              image: options.image ?? KANIKO_IMAGE,
              args: kanikoArgs(request, images),
              env,
              terminationMessagePolicy: 'File',
              ...(docker ? { volumeMounts: [{ name: 'docker-config', mountPath: '/kaniko/.docker' }] } : {}),
            },
          ],
          ...(docker
            ? {
                volumes: [
                  { name: 'docker-config', secret: { secretName: docker, items: [{ key: '.dockerconfigjson', path: 'config.json' }] } },
                ],
              }
            : {}),
        },
      },
    },
  };
}
