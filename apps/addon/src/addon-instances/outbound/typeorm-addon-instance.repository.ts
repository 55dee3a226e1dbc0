import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import type { AddonInstanceRepository } from '../application/addon-instance.repository.js';
import type { AddonInstance, AddonInstanceState } from '../domain/addon-instance.js';
import { AddonInstanceEntity } from './addon-instance.entity.js';

@Injectable()
export class TypeOrmAddonInstanceRepository implements AddonInstanceRepository {
  private readonly rows: Repository<AddonInstanceEntity>;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.rows = dataSource.getRepository(AddonInstanceEntity);
  }

  async list(page: { limit: number; offset: number }): Promise<{ items: AddonInstance[]; total: number }> {
    const [rows, total] = await this.rows.findAndCount({
      order: { namespace: 'ASC', addonType: 'ASC', addonName: 'ASC', stage: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items: rows.map(toDomain), total };
  }
}

function toDomain(row: AddonInstanceEntity): AddonInstance {
  return {
    id: row.id,
    addonType: row.addonType,
    addonName: row.addonName,
    namespace: row.namespace,
    stage: row.stage,
    state: row.state as AddonInstanceState,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
