import { Inject, Injectable } from '@nestjs/common';
import type { resolveAppPackageRequestSchema, resolvedComponentSchema } from '@appmanager/contracts';
import { LRUCache } from 'lru-cache';
import type { z } from 'zod';
import { readComponentZip } from '../domain/component-package.js';
import { sameVersion } from '../domain/version.js';
import { PackageNotFoundError } from './package.errors.js';
import { type AppPackage, type ComponentPackage, PackageRepository } from './package.repository.js';
import { PackageStore } from './package.store.js';

type Request = z.infer<typeof resolveAppPackageRequestSchema>;
type Resolved = z.infer<typeof resolvedComponentSchema>;

/**
 * What deploy takes from an app package for `TYPE|NAME|_` components: the package by id, else by version, else
 * the app's newest; each component's workload, pinned images and files as its component zip holds them.
 */
@Injectable()
export class ResolveAppPackageUseCase {
  /** Component packages never change once stored: their parsed content is cached by id. */
  private readonly parsed = new LRUCache<string, Resolved>({ max: 500 });

  constructor(
    @Inject(PackageRepository) private readonly packages: PackageRepository,
    @Inject(PackageStore) private readonly store: PackageStore,
  ) {}

  async execute(request: Request): Promise<{ appPackage: { id: string; appId: string; version: string }; components: Resolved[] }> {
    const appPackage = await this.find(request);
    const components: Resolved[] = [];
    const missing: string[] = [];
    for (const wanted of request.components) {
      const part = appPackage.components.find(
        (c) =>
          c.componentPackage.componentType === wanted.type &&
          c.componentPackage.componentName === wanted.name &&
          (wanted.version === null || wanted.version === '_' || sameVersion(c.componentPackage.version, wanted.version)),
      );
      if (!part) missing.push(`${wanted.type}|${wanted.name}${wanted.version && wanted.version !== '_' ? `@${wanted.version}` : ''}`);
      else components.push(await this.content(part.componentPackage));
    }
    if (missing.length > 0)
      throw new PackageNotFoundError(`app package ${appPackage.appId}@${appPackage.version} has no ${missing.join(', ')}`);
    return { appPackage: { id: appPackage.id, appId: appPackage.appId, version: appPackage.version }, components };
  }

  private async find(request: Request): Promise<AppPackage> {
    if (request.appPackageId) {
      const byId = /^[0-9a-f-]{36}$/i.test(request.appPackageId) ? await this.packages.appPackage(request.appPackageId) : null;
      if (!byId || byId.appId !== request.appId)
        throw new PackageNotFoundError(`no app package ${request.appPackageId} of "${request.appId}"`);
      return byId;
    }
    if (request.appPackageVersion) {
      const byVersion = await this.packages.appPackageByVersion(request.appId, request.appPackageVersion);
      if (byVersion) return byVersion;
      // a version without its build metadata names the newest build of it
      const { items } = await this.packages.listAppPackages(request.appId, {}, { limit: 1000, offset: 0 });
      const match = items.find((p) => sameVersion(p.version, request.appPackageVersion as string));
      if (!match) throw new PackageNotFoundError(`no app package ${request.appId}@${request.appPackageVersion}`);
      return match;
    }
    const newest = await this.packages.newestAppPackage(request.appId);
    if (!newest) throw new PackageNotFoundError(`no app package of "${request.appId}" yet: build or import one`);
    return newest;
  }

  private async content(pkg: ComponentPackage): Promise<Resolved> {
    const cached = this.parsed.get(pkg.id);
    if (cached) return cached;
    const bytes = await this.store.get(pkg.storageKey);
    if (!bytes)
      throw new PackageNotFoundError(`component package ${pkg.componentType}|${pkg.componentName}@${pkg.version} has no stored zip`);
    const zip = readComponentZip(bytes);
    const resolved: Resolved = {
      type: pkg.componentType,
      name: pkg.componentName,
      version: pkg.version,
      workload: zip.meta.spec.workload,
      images: pkg.images,
      files: jsonSafe(zip.files),
    };
    this.parsed.set(pkg.id, resolved);
    return resolved;
  }
}

/** Binary files travel as base64 so the reply stays JSON. */
function jsonSafe(files: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(files).map(([name, value]) => [
      name,
      value instanceof Uint8Array ? { base64: Buffer.from(value).toString('base64') } : value,
    ]),
  );
}
