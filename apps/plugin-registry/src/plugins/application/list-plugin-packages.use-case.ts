import { Inject, Injectable } from '@nestjs/common';
import type { Page, PageQuery } from '@appmanager/service-host';
import type { PluginPackage } from '../domain/plugin-package.js';
import { PluginPackageRepository } from './plugin-package.repository.js';

/** By name, newest version first. */
@Injectable()
export class ListPluginPackagesUseCase {
  constructor(@Inject(PluginPackageRepository) private readonly repository: PluginPackageRepository) {}

  async execute(page: PageQuery): Promise<Page<PluginPackage>> {
    const { items, total } = await this.repository.list(page);
    return { items, total, limit: page.limit, offset: page.offset };
  }
}
