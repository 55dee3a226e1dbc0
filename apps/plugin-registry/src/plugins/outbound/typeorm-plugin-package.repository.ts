import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import type { PluginPackageRepository } from '../application/plugin-package.repository.js';
import type { PluginPackage } from '../domain/plugin-package.js';
import { PluginPackageEntity } from './plugin-package.entity.js';

@Injectable()
export class TypeOrmPluginPackageRepository implements PluginPackageRepository {
  private readonly rows: Repository<PluginPackageEntity>;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.rows = dataSource.getRepository(PluginPackageEntity);
  }

  async list(page: { limit: number; offset: number }): Promise<{ items: PluginPackage[]; total: number }> {
    const [rows, total] = await this.rows.findAndCount({ order: { name: 'ASC', createdAt: 'DESC' }, take: page.limit, skip: page.offset });
    return { items: rows.map(toDomain), total };
  }
}

function toDomain(row: PluginPackageEntity): PluginPackage {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    enabled: row.enabled,
    sha256: row.sha256,
    archiveKey: row.archiveKey,
    createdAt: row.createdAt,
  };
}
