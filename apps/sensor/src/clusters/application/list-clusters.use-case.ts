import { Inject, Injectable } from '@nestjs/common';
import type { Page, PageQuery } from '@appmanager/service-host';
import type { Cluster } from '../domain/cluster.js';
import { ClusterRepository } from './cluster.repository.js';

@Injectable()
export class ListClustersUseCase {
  constructor(@Inject(ClusterRepository) private readonly clusters: ClusterRepository) {}

  async execute(page: PageQuery, unitId?: string): Promise<Page<Cluster>> {
    const { items, total } = await this.clusters.list(page, unitId);
    return { items, total, limit: page.limit, offset: page.offset };
  }
}
