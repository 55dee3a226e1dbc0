import { Inject, Injectable } from '@nestjs/common';
import type { Page, PageQuery } from '@appmanager/service-host';
import type { AddonInstance } from '../domain/addon-instance.js';
import { AddonInstanceRepository } from './addon-instance.repository.js';

/** By namespace, type and name. */
@Injectable()
export class ListAddonInstancesUseCase {
  constructor(@Inject(AddonInstanceRepository) private readonly repository: AddonInstanceRepository) {}

  async execute(page: PageQuery): Promise<Page<AddonInstance>> {
    const { items, total } = await this.repository.list(page);
    return { items, total, limit: page.limit, offset: page.offset };
  }
}
