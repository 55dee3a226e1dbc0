import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ComponentBinder } from '../domain/component-binder.js';
import type { BuildConfig, BuildConfigRepository } from '../application/build-config.repository.js';

interface Row {
  app_id: string;
  binder: ComponentBinder;
  updated_at: Date;
}

const toConfig = (r: Row): BuildConfig => ({ appId: r.app_id, binder: r.binder, updatedAt: r.updated_at });

@Injectable()
export class SqlBuildConfigRepository implements BuildConfigRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async put(appId: string, binder: ComponentBinder): Promise<BuildConfig> {
    const rows: Row[] = await this.dataSource.query(
      `INSERT INTO build.build_config (app_id, component_type, component_name, binder) VALUES ($1, $2, $3, $4)
       ON CONFLICT (app_id, component_type, component_name) DO UPDATE SET binder = EXCLUDED.binder, updated_at = now()
       RETURNING app_id, binder, updated_at`,
      [appId, binder.componentType, binder.componentName, JSON.stringify(binder)],
    );
    return toConfig(rows[0] as Row);
  }

  async list(appId: string): Promise<BuildConfig[]> {
    const rows: Row[] = await this.dataSource.query(
      'SELECT app_id, binder, updated_at FROM build.build_config WHERE app_id = $1 ORDER BY component_type, component_name',
      [appId],
    );
    return rows.map(toConfig);
  }

  async get(appId: string, type: string, name: string): Promise<BuildConfig | null> {
    const rows: Row[] = await this.dataSource.query(
      'SELECT app_id, binder, updated_at FROM build.build_config WHERE app_id = $1 AND component_type = $2 AND component_name = $3',
      [appId, type, name],
    );
    return rows[0] ? toConfig(rows[0]) : null;
  }

  async delete(appId: string, type: string, name: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH gone AS (DELETE FROM build.build_config WHERE app_id = $1 AND component_type = $2 AND component_name = $3 RETURNING 1)
       SELECT * FROM gone`,
      [appId, type, name],
    );
    return rows.length > 0;
  }
}
