import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import type { BuildTaskRepository } from '../application/build-task.repository.js';
import type { BuildTask, BuildTaskKind, BuildTaskState } from '../domain/build-task.js';
import { BuildTaskEntity } from './build-task.entity.js';

@Injectable()
export class TypeOrmBuildTaskRepository implements BuildTaskRepository {
  private readonly rows: Repository<BuildTaskEntity>;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.rows = dataSource.getRepository(BuildTaskEntity);
  }

  async list(page: { limit: number; offset: number }): Promise<{ items: BuildTask[]; total: number }> {
    const [rows, total] = await this.rows.findAndCount({ order: { createdAt: 'DESC', id: 'ASC' }, take: page.limit, skip: page.offset });
    return { items: rows.map(toDomain), total };
  }
}

function toDomain(row: BuildTaskEntity): BuildTask {
  return {
    id: row.id,
    kind: row.kind as BuildTaskKind,
    appId: row.appId,
    componentName: row.componentName,
    version: row.version,
    state: row.state as BuildTaskState,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
