import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Transaction } from '../../packages/application/package.repository.js';
import type { DeployTrigger, DeployTriggerRepository } from '../application/deploy-trigger.repository.js';

interface Row {
  app_id: string;
  stage: string;
  enabled: boolean;
  configuration: string;
  target: DeployTrigger['target'];
  updated_at: Date;
}

const COLUMNS = 'app_id, stage, enabled, configuration, target, updated_at';
const toTrigger = (r: Row): DeployTrigger => ({
  appId: r.app_id,
  stage: r.stage,
  enabled: r.enabled,
  configuration: r.configuration,
  target: r.target,
  updatedAt: r.updated_at,
});

@Injectable()
export class SqlDeployTriggerRepository implements DeployTriggerRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async put(t: Omit<DeployTrigger, 'updatedAt'>): Promise<DeployTrigger> {
    const rows: Row[] = await this.dataSource.query(
      `INSERT INTO build.deploy_trigger (app_id, stage, enabled, configuration, target) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (app_id, stage) DO UPDATE SET enabled = EXCLUDED.enabled, configuration = EXCLUDED.configuration,
         target = EXCLUDED.target, updated_at = now() RETURNING ${COLUMNS}`,
      [t.appId, t.stage, t.enabled, t.configuration, JSON.stringify(t.target)],
    );
    return toTrigger(rows[0] as Row);
  }

  async list(appId: string): Promise<DeployTrigger[]> {
    const rows: Row[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM build.deploy_trigger WHERE app_id = $1 ORDER BY stage`, [
      appId,
    ]);
    return rows.map(toTrigger);
  }

  async delete(appId: string, stage: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'WITH gone AS (DELETE FROM build.deploy_trigger WHERE app_id = $1 AND stage = $2 RETURNING 1) SELECT * FROM gone',
      [appId, stage],
    );
    return rows.length > 0;
  }

  async enabledFor(tx: Transaction, appId: string): Promise<DeployTrigger[]> {
    const rows: Row[] = await (tx as unknown as EntityManager).query(
      `SELECT ${COLUMNS} FROM build.deploy_trigger WHERE app_id = $1 AND enabled ORDER BY stage`,
      [appId],
    );
    return rows.map(toTrigger);
  }
}
