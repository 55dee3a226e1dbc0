import { Inject, Injectable } from '@nestjs/common';
import type { Page, PageQuery } from '@appmanager/service-host';
import type { Deployment } from '../domain/deployment.js';
import { DeploymentRepository } from './deployment.repository.js';

/** Newest first. */
@Injectable()
export class ListDeploymentsUseCase {
  constructor(@Inject(DeploymentRepository) private readonly deployments: DeploymentRepository) {}

  async execute(page: PageQuery & { appId?: string; state?: string }): Promise<Page<Deployment>> {
    const { items, total } = await this.deployments.list(page);
    return { items, total, limit: page.limit, offset: page.offset };
  }
}
