import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchV1Api, CoreV1Api, type KubeConfig, type V1Job, type V1Pod } from '@kubernetes/client-node';
import {
  buildResult,
  ImageBuildError,
  ImageBuilder,
  LineTail,
  parseImageName,
  type BuildLog,
  type ImageBuildResult,
} from '../application/image-builder.js';
import { KANIKO_CONTAINER, kanikoJob, type KanikoBuildRequest, type KanikoJobOptions } from './kaniko-job.js';
import { BuildAbortedError } from './streamed-process.js';

export type { KanikoBuildRequest, KanikoJobOptions, KanikoS3Access } from './kaniko-job.js';

export interface KanikoOptions extends KanikoJobOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  /** how often the Job, its Pod and the Pod's log are read; default 1000 ms */
  pollIntervalMs?: number;
}

const finished = (job: V1Job): 'Complete' | 'Failed' | undefined =>
  job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type as
    'Complete' | 'Failed' | undefined;

/**
 * Builds in the cluster with one Kaniko Job per build (legacy path: SREWorks' `enableKaniko`).
 * The caller uploads the context first and passes its URL. The Job is left for its TTL so its
 * log can still be read; only an aborted build deletes its Job.
 */
export class KanikoImageBuilder extends ImageBuilder {
  readonly kind = 'kaniko' as const;
  private readonly batch: BatchV1Api;
  private readonly core: CoreV1Api;

  constructor(private readonly options: KanikoOptions) {
    super();
    this.batch = options.kubeConfig.makeApiClient(BatchV1Api);
    this.core = options.kubeConfig.makeApiClient(CoreV1Api);
  }

  async build(request: KanikoBuildRequest, log: BuildLog, signal: AbortSignal): Promise<ImageBuildResult> {
    if (!request.contextUrl) throw new Error('a Kaniko build needs the contextUrl its context was uploaded to');
    if (signal.aborted) throw new BuildAbortedError('kaniko job', signal.reason);
    const startedAt = Date.now();
    const { repository } = parseImageName(request.image);
    const images = [request.image, ...(request.extraTags ?? []).map((tag) => `${repository}:${tag}`)];
    const name = `kaniko-${randomBytes(5).toString('hex')}`;
    const namespace = this.options.namespace;
    await this.batch.createNamespacedJob({ namespace, body: kanikoJob(name, request, images, this.options) });
    log.line(`submitted Job ${namespace}/${name}`);
    const tail = new LineTail();
    const follower = new PodLogFollower(this.core, namespace, (line) => {
      tail.push(line);
      log.line(line);
    });
    try {
      for (;;) {
        const job = await this.batch.readNamespacedJob({ name, namespace });
        const pod = await this.podOf(name);
        if (pod) await follower.follow(pod);
        const outcome = finished(job);
        if (outcome === 'Complete') return buildResult(request.image, this.digestOf(name, pod), startedAt);
        if (outcome === 'Failed') throw this.failure(name, job, pod, tail.last);
        await sleep(this.options.pollIntervalMs ?? 1000, undefined, { signal });
      }
    } catch (error) {
      if (!signal.aborted) throw error;
      await this.batch.deleteNamespacedJob({ name, namespace, propagationPolicy: 'Background' }).catch(() => undefined);
      throw new BuildAbortedError(`kaniko job ${name}`, signal.reason);
    }
  }

  private async podOf(jobName: string): Promise<V1Pod | undefined> {
    const pods = await this.core.listNamespacedPod({ namespace: this.options.namespace, labelSelector: `job-name=${jobName}` });
    return pods.items[0];
  }

  private digestOf(jobName: string, pod: V1Pod | undefined): string {
    const message = terminatedOf(pod)?.message?.trim() ?? '';
    if (!/^sha256:[0-9a-f]{64}$/.test(message)) {
      throw new ImageBuildError(`kaniko job ${jobName} completed without a digest in its termination message`, []);
    }
    return message;
  }

  private failure(jobName: string, job: V1Job, pod: V1Pod | undefined, lastLines: string[]): ImageBuildError {
    const condition = job.status?.conditions?.find((c) => c.type === 'Failed');
    const terminated = terminatedOf(pod);
    const exit = terminated ? `, kaniko exited with code ${terminated.exitCode}` : '';
    return new ImageBuildError(
      `kaniko job ${jobName} failed: ${condition?.reason ?? 'unknown'} ${condition?.message ?? ''}${exit}`.trim(),
      lastLines,
    );
  }
}

const terminatedOf = (pod: V1Pod | undefined) =>
  pod?.status?.containerStatuses?.find((s) => s.name === KANIKO_CONTAINER)?.state?.terminated;

/** Re-reads a Pod's log and passes on the lines not seen yet (works for any API server, no follow stream). */
class PodLogFollower {
  private seen = 0;
  constructor(
    private readonly core: CoreV1Api,
    private readonly namespace: string,
    private readonly line: (text: string) => void,
  ) {}

  async follow(pod: V1Pod): Promise<void> {
    const state = pod.status?.containerStatuses?.find((s) => s.name === KANIKO_CONTAINER)?.state;
    if (!state?.running && !state?.terminated) return;
    const text = await this.core.readNamespacedPodLog({
      name: pod.metadata!.name!,
      namespace: this.namespace,
      container: KANIKO_CONTAINER,
    });
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    for (const line of lines.slice(this.seen)) this.line(line);
    this.seen = Math.max(this.seen, lines.length);
  }
}
