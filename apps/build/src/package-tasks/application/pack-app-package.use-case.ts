import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { stringify as toYaml } from 'yaml';
import { FireDeployTriggers } from '../../deploy-triggers/application/fire-deploy-triggers.js';
import { PackageEvents } from '../../packages/application/package.events.js';
import { type ComponentPackage, PackageRepository } from '../../packages/application/package.repository.js';
import { PackageStore, PackageStoreUnavailableError, storageKeys } from '../../packages/application/package.store.js';
import { componentZipName, md5Hex, packAppZip } from '../../packages/domain/app-package.js';
import { readComponentZip } from '../../packages/domain/component-package.js';
import { type AppPackageTask, appTaskStateFor, type ComponentPackageTask } from '../domain/package-task.js';
import { PackageTaskRepository } from './package-task.repository.js';
import { TaskTransitions } from './task-transitions.js';

/**
 * AppManager's freshAppPackageTask and PackAppPackageToStorage: once every component task is SUCCESS or SKIP the
 * app package zip is written, then the app package row, its components and tags appear in one transaction with
 * the task's SUCCESS, so a reader never sees an app package with a component missing. Safe to call any time, on any
 * replica: the app task row is locked while it is decided.
 */
@Injectable()
export class PackAppPackageUseCase {
  constructor(
    @Inject(PackageTaskRepository) private readonly tasks: PackageTaskRepository,
    @Inject(PackageRepository) private readonly packages: PackageRepository,
    @Inject(PackageStore) private readonly store: PackageStore,
    @Inject(PackageEvents) private readonly events: PackageEvents,
    @Inject(TaskTransitions) private readonly transitions: TaskTransitions,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
    @Inject(FireDeployTriggers) private readonly triggers: FireDeployTriggers,
  ) {}

  async refresh(appTaskId: string): Promise<void> {
    const ready = await this.tasks.inTransaction(async (tx) => {
      const task = await this.tasks.lockAppTask(tx, appTaskId);
      if (!task || task.state === 'SUCCESS' || task.state === 'FAILURE') return null;
      const components = await this.tasks.componentTasks(task.id, tx);
      const next = appTaskStateFor(components);
      const failed = components.filter((c) => c.state === 'FAILURE');
      const reason =
        next === 'FAILURE' ? failed.map((c) => `${c.componentType}|${c.componentName}: ${c.reason ?? 'failed'}`).join('; ') : null;
      await this.transitions.app(tx, task, next, reason);
      return next === 'APP_PACK_RUN' ? { task: { ...task, state: next }, components } : null;
    });
    if (!ready) return;
    try {
      await this.pack(ready.task, ready.components);
    } catch (error) {
      if (error instanceof PackageStoreUnavailableError) {
        // left in APP_PACK_RUN: the sweep packs it again once the store answers
        this.logger.warn({ taskId: appTaskId, reason: error.message }, 'app package not written yet');
        return;
      }
      this.logger.error({ err: error, taskId: appTaskId }, 'app package could not be written');
      await this.tasks.inTransaction(async (tx) => {
        const task = await this.tasks.lockAppTask(tx, appTaskId);
        if (task?.state === 'APP_PACK_RUN')
          await this.transitions.app(tx, task, 'FAILURE', `packing the app package failed: ${(error as Error).message}`);
      });
    }
  }

  private async pack(task: AppPackageTask, components: ComponentPackageTask[]): Promise<void> {
    const parts: { pkg: ComponentPackage; bytes: Uint8Array; task: ComponentPackageTask }[] = [];
    for (const component of components) {
      const pkg = component.componentPackageId ? await this.packages.componentPackageById(component.componentPackageId) : null;
      if (!pkg) throw new Error(`${component.componentType}|${component.componentName} finished without a component package`);
      let bytes = await this.store.get(pkg.storageKey);
      // a copy kept by this replica of a zip another replica wrote again since: the store's is the one recorded
      if (bytes && md5Hex(bytes) !== pkg.md5) bytes = await this.store.get(pkg.storageKey, { fresh: true });
      if (!bytes || md5Hex(bytes) !== pkg.md5)
        throw new Error(`component package ${pkg.storageKey} is not in the package store as recorded`);
      parts.push({ pkg, bytes, task: component });
    }
    const meta = {
      appId: task.appId,
      packageVersion: task.version,
      packageCreator: 'appmanager',
      tags: task.tags,
      componentPackages: parts.map(({ pkg, bytes, task: component }) => ({
        componentType: pkg.componentType,
        componentName: pkg.componentName,
        packageVersion: pkg.version,
        relativePath: componentZipName(pkg.componentType, pkg.componentName),
        packageCreator: 'appmanager',
        packageMd5: pkg.md5,
        packageOptions: JSON.stringify(component.binder.options),
        packageExt: toYaml(readComponentZip(bytes).meta),
      })),
    };
    const zip = packAppZip({
      meta,
      components: parts.map(({ pkg, bytes }) => ({ relativePath: componentZipName(pkg.componentType, pkg.componentName), bytes })),
    });
    const md5 = md5Hex(zip);
    const storageKey = storageKeys.app(task.appId, task.version);
    await this.store.put(storageKey, zip, 'application/zip');
    await this.tasks.inTransaction(async (tx) => {
      const locked = await this.tasks.lockAppTask(tx, task.id);
      if (locked?.state !== 'APP_PACK_RUN') return;
      const id = randomUUID();
      await this.packages.insertAppPackage(tx, {
        id,
        appId: task.appId,
        version: task.version,
        md5,
        storageKey,
        source: 'build',
        taskId: task.id,
        tags: task.tags,
        components: parts.map(({ pkg }) => ({
          componentPackageId: pkg.id,
          relativePath: componentZipName(pkg.componentType, pkg.componentName),
        })),
      });
      await this.transitions.app(tx, locked, 'SUCCESS', null, { appPackageId: id });
      await this.events.created(tx, {
        appPackageId: id,
        appId: task.appId,
        version: task.version,
        tags: task.tags,
        md5,
        source: 'build',
        taskId: task.id,
        componentPackages: parts.map(({ pkg }) => ({
          componentType: pkg.componentType,
          componentName: pkg.componentName,
          version: pkg.version,
          images: pkg.images,
        })),
        createdAt: new Date().toISOString(),
      });
      await this.triggers.fire(tx, { id, appId: task.appId, version: task.version });
    });
  }
}
