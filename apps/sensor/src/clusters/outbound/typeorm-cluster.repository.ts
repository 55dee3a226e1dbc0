import { Inject, Injectable } from '@nestjs/common';
import { repositoryIn, type Transaction } from '@appmanager/persistence';
import { DataSource, type Repository } from 'typeorm';
import type { ClusterRepository } from '../application/cluster.repository.js';
import type { Cluster } from '../domain/cluster.js';
import { ClusterEntity } from './cluster.entity.js';

@Injectable()
export class TypeOrmClusterRepository implements ClusterRepository {
  private readonly rows: Repository<ClusterEntity>;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.rows = dataSource.getRepository(ClusterEntity);
  }

  async upsert(cluster: Cluster, transaction?: Transaction): Promise<void> {
    await this.rowsIn(transaction).upsert(Object.assign(new ClusterEntity(), cluster), { conflictPaths: ['clusterId'] });
  }

  async remove(clusterId: string, transaction?: Transaction): Promise<boolean> {
    const result = await this.rowsIn(transaction).delete({ clusterId });
    return (result.affected ?? 0) > 0;
  }

  private rowsIn(transaction?: Transaction): Repository<ClusterEntity> {
    return repositoryIn(transaction, ClusterEntity, this.rows);
  }

  async list(page: { limit: number; offset: number }, unitId?: string): Promise<{ items: Cluster[]; total: number }> {
    const [rows, total] = await this.rows.findAndCount({
      where: unitId === undefined ? {} : { unitId },
      order: { unitId: 'ASC', clusterId: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items: rows.map((row) => ({ ...row })), total };
  }
}
