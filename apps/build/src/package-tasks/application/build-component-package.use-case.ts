import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { canonicalJson } from '@appmanager/contracts';
import { SERVICE_CONFIG } from '@appmanager/service-host';
import type { BuildConfig } from '../../build.config.js';
import { type BuildLog, ImageBuilder } from '../../builders/application/image-builder.js';
import { type BuildPlan, buildPlanOf, imageTagOf, microserviceWorkload } from '../../build-configs/domain/build-plan.js';
import { BuildRequestError } from '../../packages/application/package.errors.js';
import { type ImageRef, PackageRepository, type Transaction } from '../../packages/application/package.repository.js';
import { PackageStore, storageKeys } from '../../packages/application/package.store.js';
import { md5Hex } from '../../packages/domain/app-package.js';
import { packComponentZip, renderComponentMeta } from '../../packages/domain/component-package.js';
import type { ComponentPackageTask } from '../domain/package-task.js';
import { BuildSources } from './build-sources.js';

export type BuildOutcome = { state: 'SUCCESS' | 'SKIP'; componentPackageId: string; commit: (tx: Transaction) => Promise<void> };

type Microservice = Extract<BuildPlan, { kind: 'microservice' }>;

/**
 * One component package: its sources checked out, its images built and pushed (pinned by the pushed digest), its
 * zip in AppManager's layout stored, and the package row written by the caller in the transaction that ends the
 * task. An identical build (same options, same commits) is SKIPped and reuses the package it made before.
 */
@Injectable()
export class BuildComponentPackageUseCase {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: BuildConfig,
    @Inject(ImageBuilder) private readonly builder: ImageBuilder,
    @Inject(BuildSources) private readonly sources: BuildSources,
    @Inject(PackageRepository) private readonly packages: PackageRepository,
    @Inject(PackageStore) private readonly store: PackageStore,
  ) {}

  async execute(task: ComponentPackageTask, signal: AbortSignal, log: BuildLog): Promise<BuildOutcome> {
    const plan = buildPlanOf(task.appId, task.binder, this.config.BUILD_REGISTRY);
    const workDir = join(this.config.BUILD_WORK_DIR, task.id, `attempt-${task.attempt}`);
    await mkdir(workDir, { recursive: true });
    try {
      const contexts = plan.kind === 'microservice' ? await this.checkout(task.appId, plan, workDir, log) : [];
      const inputHash = sha256(canonicalJson({ binder: task.binder, commits: contexts.map((c) => c.commit) }));
      const same = await this.packages.componentPackageByInput(task.appId, task.componentType, task.componentName, inputHash);
      if (same) {
        log.line(`identical to ${task.componentType}|${task.componentName}@${same.version} (same options and commits): SKIP`);
        return { state: 'SKIP', componentPackageId: same.id, commit: async () => undefined };
      }
      const { workload, images, files } =
        plan.kind === 'microservice'
          ? await this.buildImages(task, plan, contexts, signal, log)
          : { workload: plan.workload, images: [] as ImageRef[], files: plan.files };
      const meta = renderComponentMeta({
        appId: task.appId,
        componentType: task.componentType,
        componentName: task.componentName,
        version: task.version,
        workload: workload ?? {},
        images: images.map((i) => ({ ...i })),
      });
      const zip = packComponentZip({ meta, files: serialised(files) });
      const md5 = md5Hex(zip);
      const key = storageKeys.component(task.appId, task.componentType, task.componentName, task.version);
      await this.store.put(key, zip, 'application/zip');
      log.line(`component package ${task.componentType}|${task.componentName}@${task.version} stored (md5 ${md5})`);
      const id = randomUUID();
      const row = { id, appId: task.appId, componentType: task.componentType, componentName: task.componentName, version: task.version };
      return {
        state: 'SUCCESS',
        componentPackageId: id,
        commit: async (tx) => {
          const stored = await this.packages.insertComponentPackage(tx, { ...row, md5, inputHash, storageKey: key, images });
          if (!stored)
            throw new BuildRequestError(
              `the version you submitted already exists: ${task.componentType}|${task.componentName}@${task.version}`,
              409,
            );
        },
      };
    } finally {
      await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private async checkout(appId: string, plan: Microservice, workDir: string, log: BuildLog) {
    const contexts = [];
    for (const image of plan.images) {
      const into = join(workDir, `${image.init ? 'init-' : ''}${image.container}`);
      log.line(`checking out ${image.container}: ${describeSource(image.source)}`);
      contexts.push({ image, ...(await this.sources.fetch(appId, image.source, into, log)) });
    }
    return contexts;
  }

  private async buildImages(
    task: ComponentPackageTask,
    plan: Microservice,
    contexts: Awaited<ReturnType<BuildComponentPackageUseCase['checkout']>>,
    signal: AbortSignal,
    log: BuildLog,
  ) {
    const tag = imageTagOf(task.version);
    const pinned: { container: string; init: boolean; image: string }[] = plan.existing.map((e) => ({ ...e }));
    const images: ImageRef[] = [];
    for (const { image, contextDir } of contexts) {
      let containerfile = image.containerfile;
      if (Object.keys(image.containerfileArgs).length > 0) {
        const rendered = this.sources.render(await readFile(join(contextDir, image.containerfile), 'utf8'), image.containerfileArgs);
        containerfile = `.appmanager-${image.container}.Containerfile`;
        await writeFile(join(contextDir, containerfile), rendered);
      }
      log.line(`building ${image.repository}:${tag} (${this.builder.kind})`);
      const result = await this.builder.build(
        {
          contextDir,
          containerfile,
          buildArgs: image.buildArgs,
          image: `${image.repository}:${tag}`,
          insecureRegistry: this.config.BUILD_REGISTRY_INSECURE,
          ...(this.config.BUILD_IMAGE_TIMESTAMP === 'zero' ? { timestamp: 0 } : {}),
          labels: { 'io.appmanager.app': task.appId, 'io.appmanager.component': task.componentName, 'io.appmanager.version': task.version },
        },
        log,
        signal,
      );
      log.line(`pushed ${result.image} as ${result.digest} in ${result.durationMs} ms`);
      pinned.push({ container: image.container, init: image.init, image: `${result.image}@${result.digest}` });
      images.push({ name: image.container, image: result.image, sha256: result.digest });
    }
    return { workload: microserviceWorkload(task.appId, task.componentType, task.componentName, plan.options, pinned), images, files: {} };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function describeSource(source: {
  repo?: string;
  context?: string;
  branch?: string;
  tag?: string;
  commit?: string;
  repoPath?: string;
}): string {
  if (source.context) return `uploaded context ${source.context}${source.repoPath ? ` (${source.repoPath})` : ''}`;
  const repo = (source.repo ?? '').replace(/\/\/[^/@]*@/, '//***@');
  const ref = source.commit ? `commit ${source.commit}` : source.tag ? `tag ${source.tag}` : `branch ${source.branch}`;
  return `${repo} ${ref}${source.repoPath ? ` (${source.repoPath})` : ''}`;
}

function serialised(files: Record<string, unknown>): Record<string, string | Uint8Array> {
  return Object.fromEntries(
    Object.entries(files).map(([name, value]) => [
      name,
      typeof value === 'string' || value instanceof Uint8Array ? value : JSON.stringify(value, null, 2),
    ]),
  );
}
