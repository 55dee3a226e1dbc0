import { Inject, Injectable } from '@nestjs/common';
import type { Page, PageQuery } from '@appmanager/service-host';
import type { BuildTask } from '../domain/build-task.js';
import { BuildTaskRepository } from './build-task.repository.js';

/** Newest first. */
@Injectable()
export class ListBuildTasksUseCase {
  constructor(@Inject(BuildTaskRepository) private readonly repository: BuildTaskRepository) {}

  async execute(page: PageQuery): Promise<Page<BuildTask>> {
    const { items, total } = await this.repository.list(page);
    return { items, total, limit: page.limit, offset: page.offset };
  }
}
