import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type ApplicationHistory, type ApplicationSummary, type DeploymentSummary } from '../application/application-history.js';

const summaryColumns = `d.id, d.state, r.reason, d.target, d.created_at, r.finished_at`;

@Injectable()
export class SqlApplicationHistory implements ApplicationHistory {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async applications(): Promise<ApplicationSummary[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(`
      SELECT DISTINCT ON (d.app_id) d.app_id, count(*) OVER (PARTITION BY d.app_id) AS deployments, ${summaryColumns}
      FROM deploy.deployment d LEFT JOIN deploy.deployment_run r ON r.deployment_id = d.id
      ORDER BY d.app_id, d.created_at DESC, d.id`);
    return rows.map((row) => ({ appId: row['app_id'] as string, deployments: Number(row['deployments']), latest: toSummary(row) }));
  }

  async deployments(
    appId: string,
    filter: { state?: string; limit: number; offset: number },
  ): Promise<{ items: DeploymentSummary[]; total: number }> {
    const where = `d.app_id = $1 ${filter.state ? 'AND d.state = $4' : ''}`;
    const params: unknown[] = [appId, filter.limit, filter.offset, ...(filter.state ? [filter.state] : [])];
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${summaryColumns}, count(*) OVER () AS total FROM deploy.deployment d LEFT JOIN deploy.deployment_run r ON r.deployment_id = d.id
       WHERE ${where} ORDER BY d.created_at DESC, d.id LIMIT $2 OFFSET $3`,
      params,
    );
    return { items: rows.map(toSummary), total: Number(rows[0]?.['total'] ?? 0) };
  }
}

function toSummary(row: Record<string, unknown>): DeploymentSummary {
  return {
    id: row['id'] as string,
    state: row['state'] as string,
    reason: (row['reason'] ?? null) as string | null,
    target: (row['target'] ?? {}) as Record<string, string>,
    createdAt: (row['created_at'] as Date).toISOString(),
    finishedAt: row['finished_at'] ? (row['finished_at'] as Date).toISOString() : null,
  };
}
