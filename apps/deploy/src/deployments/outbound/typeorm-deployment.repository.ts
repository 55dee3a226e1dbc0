import { currentTrace, formatTraceparent } from '@appmanager/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { repositoryIn } from '@appmanager/persistence';
import { DataSource, type Repository } from 'typeorm';
import type { Transaction } from '../../inbox/application/command-inbox.js';
import type { DeploymentRepository } from '../application/deployment.repository.js';
import type { Deployment, DeploymentState } from '../domain/deployment.js';
import { DeploymentEntity } from './deployment.entity.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class TypeOrmDeploymentRepository implements DeploymentRepository {
  private readonly rows: Repository<DeploymentEntity>;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.rows = dataSource.getRepository(DeploymentEntity);
  }

  async insertOnce(deployment: Deployment, transaction?: Transaction): Promise<{ deployment: Deployment; created: boolean }> {
    const rows = repositoryIn(transaction, DeploymentEntity, this.rows);
    // ON CONFLICT DO NOTHING: two replicas racing on the same event both end up reading one row
    const result = await rows.createQueryBuilder().insert().values(toEntity(deployment)).orIgnore().returning(['id']).execute();
    const created = (result.raw as unknown[]).length > 0;
    if (created || deployment.sourceEventId === null) return { deployment, created };
    const existing = await rows.findOneByOrFail({ sourceEventId: deployment.sourceEventId });
    return { deployment: toDomain(existing), created: false };
  }

  async findById(id: string): Promise<Deployment | undefined> {
    // a malformed id cannot exist; asking Postgres would only raise a cast error
    if (!uuid.test(id)) return undefined;
    const row = await this.rows.findOneBy({ id });
    return row ? toDomain(row) : undefined;
  }

  async latestOnStage(appId: string, place: { stage: string; cluster?: string; namespace?: string }): Promise<Deployment | undefined> {
    const query = this.rows
      .createQueryBuilder('d')
      .where('d.app_id = :appId AND d.kind = :kind', { appId, kind: 'deploy' })
      .andWhere(`d.target->>'stage' = :stage`, { stage: place.stage })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'ASC');
    if (place.cluster) query.andWhere(`d.target->>'cluster' = :cluster`, { cluster: place.cluster });
    if (place.namespace) query.andWhere(`d.target->>'namespace' = :namespace`, { namespace: place.namespace });
    const row = await query.getOne();
    return row ? toDomain(row) : undefined;
  }

  async undeploysOf(sourceDeploymentId: string): Promise<Deployment[]> {
    const rows = await this.rows.find({ where: { kind: 'undeploy', sourceDeploymentId }, order: { createdAt: 'DESC', id: 'ASC' } });
    return rows.map(toDomain);
  }

  async list(page: { limit: number; offset: number; appId?: string; state?: string }): Promise<{ items: Deployment[]; total: number }> {
    const [rows, total] = await this.rows.findAndCount({
      where: { ...(page.appId ? { appId: page.appId } : {}), ...(page.state ? { state: page.state } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items: rows.map(toDomain), total };
  }
}

/** The deployment's row, with the trace it is recorded in (the launching request's or command's). */
function toEntity(deployment: Deployment): DeploymentEntity {
  const trace = currentTrace();
  return Object.assign(new DeploymentEntity(), deployment, { traceparent: trace ? formatTraceparent(trace) : null });
}

function toDomain(row: DeploymentEntity): Deployment {
  return {
    id: row.id,
    kind: row.kind,
    sourceDeploymentId: row.sourceDeploymentId,
    appId: row.appId,
    state: row.state as DeploymentState,
    configuration: row.configuration as Deployment['configuration'],
    target: row.target,
    requestedBy: row.requestedBy,
    sourceEventId: row.sourceEventId,
    correlationId: row.correlationId,
    createdAt: row.createdAt,
  };
}
