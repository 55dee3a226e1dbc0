import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { checkImportVersion, md5Hex, packAppZip, withVersion } from '../domain/app-package.js';
import { readAppZip } from '../domain/app-package-reader.js';
import { PackageInvalidError } from '../domain/package-invalid.error.js';
import { PackageConflictError } from './package.errors.js';
import { PackageEvents } from './package.events.js';
import { type AppPackage, type ComponentPackage, PackageRepository } from './package.repository.js';
import { PackageStore, storageKeys } from './package.store.js';

export interface ImportOptions {
  appId: string;
  /** The version the caller means; must equal meta.yaml's unless resetVersion. */
  packageVersion?: string;
  /** Replace an existing app package of that version (AppManager's default). */
  force: boolean;
  /** Store it under packageVersion whatever meta.yaml says. */
  resetVersion: boolean;
}

/**
 * AppManager's import (AppPackageProviderImpl#importPackage): an app package zip as its build or ours made it.
 * Every component zip is stored and recorded before the app package row appears, in one transaction with its
 * announcement, so no reader ever sees an app package with a component missing.
 */
@Injectable()
export class ImportAppPackageUseCase {
  constructor(
    @Inject(PackageRepository) private readonly packages: PackageRepository,
    @Inject(PackageStore) private readonly store: PackageStore,
    @Inject(PackageEvents) private readonly events: PackageEvents,
  ) {}

  async execute(bytes: Uint8Array, options: ImportOptions): Promise<{ appPackage: AppPackage; outcome: 'created' | 'replaced' }> {
    let archive = readAppZip(bytes);
    const decision = checkImportVersion(archive.meta, options.packageVersion, options.resetVersion);
    if ('problem' in decision) throw new PackageInvalidError([decision.problem]);
    const version = decision.version;
    if (archive.meta.appId !== options.appId)
      throw new PackageConflictError(`the package is of app "${archive.meta.appId}", not "${options.appId}"`);
    let zip = bytes;
    if (version !== archive.meta.packageVersion) {
      zip = packAppZip({ meta: withVersion(archive.meta, version), components: archive.components });
      archive = readAppZip(zip);
    }
    const existing = await this.packages.appPackageByVersion(options.appId, version);
    if (existing && !options.force)
      throw new PackageConflictError(`app package ${options.appId}@${version} exists; import with force=true to replace it`);
    const parts: { componentPackageId: string; relativePath: string }[] = [];
    const componentRows: Omit<ComponentPackage, 'createdAt'>[] = [];
    for (const component of archive.components) {
      const { componentType, componentName, packageVersion } = component.entry;
      const key = storageKeys.component(options.appId, componentType, componentName, packageVersion);
      const known = await this.packages.componentPackage(options.appId, componentType, componentName, packageVersion);
      if (known && known.md5 !== component.md5)
        throw new PackageConflictError(
          `component package ${componentType}|${componentName}@${packageVersion} exists with other content (md5 ${known.md5}, this one ${component.md5})`,
        );
      if (!known) await this.store.put(key, component.bytes, 'application/zip');
      const id = known?.id ?? randomUUID();
      componentRows.push({
        id,
        appId: options.appId,
        componentType,
        componentName,
        version: packageVersion,
        md5: component.md5,
        inputHash: null,
        storageKey: key,
        images: component.meta.spec.images.map(({ name, image, sha256 }) => ({ name, image, ...(sha256 ? { sha256 } : {}) })),
      });
      parts.push({ componentPackageId: id, relativePath: component.entry.relativePath });
    }
    const md5 = md5Hex(zip);
    const storageKey = storageKeys.app(options.appId, version);
    await this.store.put(storageKey, zip, 'application/zip');
    const id = existing?.id ?? randomUUID();
    const record = { id, appId: options.appId, version, md5, storageKey, source: 'import' as const, taskId: null };
    const tags = archive.meta.tags ?? [];
    await this.packages.inTransaction(async (tx) => {
      for (const row of componentRows) {
        const stored = await this.packages.insertComponentPackage(tx, row);
        if (!stored)
          throw new PackageConflictError(`component package ${row.componentType}|${row.componentName}@${row.version} changed meanwhile`);
      }
      if (existing) await this.packages.replaceAppPackage(tx, { ...record, tags, components: parts });
      else await this.packages.insertAppPackage(tx, { ...record, tags, components: parts });
      await this.events.created(tx, {
        appPackageId: id,
        appId: options.appId,
        version,
        tags,
        md5,
        source: 'import',
        componentPackages: componentRows.map((c) => ({
          componentType: c.componentType,
          componentName: c.componentName,
          version: c.version,
          images: c.images,
        })),
        createdAt: new Date().toISOString(),
      });
    });
    return { appPackage: (await this.packages.appPackage(id))!, outcome: existing ? 'replaced' : 'created' };
  }
}
