import { Inject, Injectable } from '@nestjs/common';
import { PackageNotFoundError } from './package.errors.js';
import { type AppPackage, type ComponentPackage, PackageRepository } from './package.repository.js';
import { PackageStore } from './package.store.js';

type Page = { limit: number; offset: number };

@Injectable()
export class AppPackageQueriesUseCase {
  constructor(
    @Inject(PackageRepository) private readonly packages: PackageRepository,
    @Inject(PackageStore) private readonly store: PackageStore,
  ) {}

  list(appId: string, filter: { tag?: string }, page: Page): Promise<{ items: AppPackage[]; total: number }> {
    return this.packages.listAppPackages(appId, filter, page);
  }

  listComponents(appId: string, page: Page): Promise<{ items: ComponentPackage[]; total: number }> {
    return this.packages.listComponentPackages(appId, page);
  }

  async get(id: string): Promise<AppPackage> {
    const found = /^[0-9a-f-]{36}$/i.test(id) ? await this.packages.appPackage(id) : null;
    if (!found) throw new PackageNotFoundError(`no app package ${id}`);
    return found;
  }

  async download(id: string): Promise<{ appPackage: AppPackage; bytes: Uint8Array }> {
    const appPackage = await this.get(id);
    const bytes = await this.store.get(appPackage.storageKey);
    if (!bytes) throw new PackageNotFoundError(`app package ${appPackage.appId}@${appPackage.version} has no stored zip`);
    return { appPackage, bytes };
  }

  async url(id: string, seconds: number): Promise<{ appPackage: AppPackage; url: string; expiresAt: Date }> {
    const appPackage = await this.get(id);
    return {
      appPackage,
      url: await this.store.presignedUrl(appPackage.storageKey, seconds),
      expiresAt: new Date(Date.now() + seconds * 1000),
    };
  }

  /**
   * AppManager's launch-yaml: an ApplicationConfiguration that deploys this package as it is, each component by
   * `TYPE|NAME|_` and the package by its id, with the parameters its components were built with.
   */
  async launchConfiguration(id: string): Promise<Record<string, unknown>> {
    const appPackage = await this.get(id);
    return {
      apiVersion: 'core.oam.dev/v1alpha2',
      kind: 'ApplicationConfiguration',
      metadata: { name: appPackage.appId, annotations: { appId: appPackage.appId, appPackageId: appPackage.id } },
      spec: {
        parameterValues: [],
        components: appPackage.components.map(({ componentPackage: c }) => ({
          revisionName: `${c.componentType}|${c.componentName}|_`,
          parameterValues: [],
          traits: [],
          scopes: [],
          dependencies: [],
        })),
        policies: [],
        workflow: { steps: [] },
      },
    };
  }

  async tag(id: string, tag: string, present: boolean): Promise<AppPackage> {
    await this.get(id);
    if (present) await this.packages.addTag(id, tag);
    else await this.packages.removeTag(id, tag);
    return this.get(id);
  }
}
