import { randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { BuildConfigRepository } from '../../build-configs/application/build-config.repository.js';
import { BuildOptionsError, buildPlanOf } from '../../build-configs/domain/build-plan.js';
import type { ComponentBinder } from '../../build-configs/domain/component-binder.js';
import { BuildRequestError, PackageConflictError } from '../../packages/application/package.errors.js';
import { PackageRepository } from '../../packages/application/package.repository.js';
import { isAlwaysAutoVersioned, compareVersions, nextVersion, withBuildMetadata } from '../../packages/domain/version.js';
import type { AppPackageTask, ComponentPackageTask } from '../domain/package-task.js';
import { PackageTaskRepository } from './package-task.repository.js';
import { TaskTransitions } from './task-transitions.js';
import { TaskWakeUp } from './task-wake-up.js';

export interface CreateAppPackageTask {
  appId: string;
  /** `_` (AppManager's auto: the next version with build metadata) or an explicit one, refused with 409 if it exists. */
  version: string;
  tags: string[];
  /** The components to package: each with its binder given here, or (without options) the app's stored build configuration. */
  components?: (Partial<ComponentBinder> & Pick<ComponentBinder, 'componentType' | 'componentName'>)[];
}

/** A fraction in [0, 1), as withBuildMetadata takes it (Math.random's contract), from the CSPRNG. */
const random6 = () => randomInt(0, 1_000_000) / 1_000_000;

/**
 * AppManager's AppPackageTaskProvider#create: the app version, then one component task per component with its
 * own version, all CREATED in one transaction (and announced); the runners pick them up.
 */
@Injectable()
export class CreateAppPackageTaskUseCase {
  constructor(
    @Inject(PackageTaskRepository) private readonly tasks: PackageTaskRepository,
    @Inject(PackageRepository) private readonly packages: PackageRepository,
    @Inject(BuildConfigRepository) private readonly configs: BuildConfigRepository,
    @Inject(TaskTransitions) private readonly transitions: TaskTransitions,
    @Inject(TaskWakeUp) private readonly wakeUp: TaskWakeUp,
  ) {}

  async execute(request: CreateAppPackageTask): Promise<{ task: AppPackageTask; components: ComponentPackageTask[] }> {
    const binders = await this.bindersOf(request);
    const now = new Date();
    const version = await this.appVersion(request.appId, request.version, now);
    const task: AppPackageTask = {
      id: randomUUID(),
      appId: request.appId,
      version,
      state: 'CREATED',
      tags: [...new Set(request.tags)],
      options: { version: request.version, components: binders.map((b) => `${b.componentType}|${b.componentName}`) },
      reason: null,
      appPackageId: null,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    const components: ComponentPackageTask[] = [];
    for (const binder of binders)
      components.push({
        id: randomUUID(),
        appPackageTaskId: task.id,
        appId: request.appId,
        componentType: binder.componentType,
        componentName: binder.componentName,
        version: await this.componentVersion(request.appId, binder, now),
        state: 'CREATED',
        binder,
        reason: null,
        attempt: 0,
        componentPackageId: null,
        logKey: null,
        createdAt: now,
        updatedAt: now,
        startedAt: null,
        finishedAt: null,
      });
    await this.tasks.inTransaction(async (tx) => {
      await this.tasks.insertAppTask(tx, task, components);
      for (const component of components) await this.transitions.component(tx, component, null, 'CREATED', null);
      await this.transitions.app(tx, { ...task, state: 'CREATED' }, 'COM_PACK_RUN', null);
    });
    this.wakeUp.now();
    return { task: { ...task, state: 'COM_PACK_RUN' }, components };
  }

  private async bindersOf(request: CreateAppPackageTask): Promise<ComponentBinder[]> {
    const stored = await this.configs.list(request.appId);
    const wanted = request.components ?? stored.map((c) => c.binder);
    if (wanted.length === 0)
      throw new BuildRequestError(`"${request.appId}" has no build configurations: PUT one per component first, or list components`, 422);
    const problems: { path: string; problem: string }[] = [];
    const binders = wanted.map((w, i) => {
      const base = stored.find((c) => c.binder.componentType === w.componentType && c.binder.componentName === w.componentName)?.binder;
      const binder: ComponentBinder = { ...base, ...w, options: w.options ?? base?.options ?? {} } as ComponentBinder;
      if (!w.options && !base)
        problems.push({ path: `components[${i}]`, problem: `no build configuration for ${w.componentType}|${w.componentName}` });
      try {
        buildPlanOf(request.appId, binder, 'registry.invalid');
      } catch (error) {
        if (!(error instanceof BuildOptionsError)) throw error;
        problems.push({ path: `components[${i}].options`, problem: error.message });
      }
      return binder;
    });
    const ids = binders.map((b) => `${b.componentType}|${b.componentName}`);
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (twice.length > 0) problems.push({ path: 'components', problem: `listed twice: ${[...new Set(twice)].join(', ')}` });
    if (problems.length > 0) throw new BuildRequestError(problems.map((p) => `${p.path}: ${p.problem}`).join('; '), 422, problems);
    return binders;
  }

  private async appVersion(appId: string, requested: string, now: Date): Promise<string> {
    const versions = await this.packages.appVersions(appId);
    const newest = versions.sort(compareVersions).at(-1) ?? null;
    if (requested === '_') return withBuildMetadata(nextVersion(newest), now, random6);
    if (versions.some((v) => compareVersions(v, requested) === 0))
      throw new PackageConflictError(`app package version ${appId}@${requested} already exists`);
    if (newest && compareVersions(requested, newest) < 0)
      throw new BuildRequestError(`version ${requested} is older than ${appId}'s newest ${newest}: versions only go up`, 422);
    return requested;
  }

  private async componentVersion(appId: string, binder: ComponentBinder, now: Date): Promise<string> {
    const versions = await this.packages.componentVersions(appId, binder.componentType, binder.componentName);
    const requested = binder.version ?? '_';
    if (requested === '_' || isAlwaysAutoVersioned(binder.componentType))
      return withBuildMetadata(nextVersion(versions.sort(compareVersions).at(-1) ?? null), now, random6);
    if (versions.some((v) => compareVersions(v, requested) === 0))
      throw new PackageConflictError(
        `the version you submitted already exists: ${binder.componentType}|${binder.componentName}@${requested}`,
      );
    return requested;
  }
}
