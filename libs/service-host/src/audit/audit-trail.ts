import { randomUUID } from 'node:crypto';
import { type AuditRecord, mutationRecordedEvent } from '@appmanager/contracts';
import { Outbox, outboxTarget } from '@appmanager/messaging';
import type { DataSource } from 'typeorm';
import { maskSecrets } from '../config/mask-secrets.js';

export type AuditEntry = Omit<AuditRecord, 'id' | 'at' | 'service'>;

export interface AuditQuery {
  actor?: string;
  action?: string;
  outcome?: AuditRecord['outcome'];
  since?: string;
  limit: number;
  offset: number;
}

/**
 * Records each mutation in the service's `audit_record` table and, in the same transaction, its
 * `audit.evt.mutation.recorded.v1` event in the outbox: the table and the stream never disagree.
 */
export class AuditTrail {
  private readonly outbox: Outbox;
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly service: string,
  ) {
    this.outbox = new Outbox(service);
    this.table = `"${dataSource.driver.schema ?? 'public'}".audit_record`;
  }

  async record(entry: AuditEntry): Promise<AuditRecord> {
    const record: AuditRecord = {
      id: randomUUID(),
      at: new Date().toISOString(),
      service: this.service,
      ...entry,
      reason: entry.reason === null ? null : maskSecrets(entry.reason).slice(0, 500),
    };
    const row = this.outbox.prepare(mutationRecordedEvent, record, { subject: record.target ?? undefined, ...correlation(record) });
    const outbox = outboxTarget(this.dataSource);
    await this.dataSource.query(
      `WITH audited AS (
         INSERT INTO ${this.table} (id, at, actor, via, action, request, target, origin, outcome, status, reason, correlation_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)),
       queued AS (INSERT INTO ${outbox.table} (event_id, subject, envelope) VALUES ($13, $14, $15) RETURNING event_id)
       SELECT pg_notify($16, event_id::text) FROM queued`,
      [
        record.id,
        record.at,
        record.actor,
        record.via,
        record.action,
        record.request,
        record.target,
        record.origin,
        record.outcome,
        record.status,
        record.reason,
        record.correlationId,
        row.event_id,
        row.subject,
        JSON.stringify(row.envelope),
        outbox.channel,
      ],
    );
    return record;
  }

  async list(query: AuditQuery): Promise<{ items: AuditRecord[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => where.push(clause.replace('?', `$${params.push(value)}`));
    if (query.actor) add('actor = ?', query.actor);
    if (query.action) add('action = ?', query.action);
    if (query.outcome) add('outcome = ?', query.outcome);
    if (query.since) add('at >= ?', query.since);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const counted = (await this.dataSource.query(`SELECT count(*)::int AS total FROM ${this.table} ${filter}`, params)) as {
      total: number;
    }[];
    const total = counted[0]?.total ?? 0;
    const rows = (await this.dataSource.query(
      `SELECT * FROM ${this.table} ${filter} ORDER BY at DESC, id LIMIT ${query.limit} OFFSET ${query.offset}`,
      params,
    )) as Row[];
    return { items: rows.map((row) => this.recordOf(row)), total };
  }

  private recordOf(row: Row): AuditRecord {
    return {
      id: row.id,
      at: new Date(row.at).toISOString(),
      service: this.service,
      actor: row.actor,
      via: row.via as AuditRecord['via'],
      action: row.action,
      request: row.request,
      target: row.target,
      origin: row.origin,
      outcome: row.outcome as AuditRecord['outcome'],
      status: row.status,
      reason: row.reason,
      correlationId: row.correlation_id,
    };
  }
}

interface Row {
  id: string;
  at: Date | string;
  actor: string;
  via: string;
  action: string;
  request: string;
  target: string | null;
  origin: string;
  outcome: string;
  status: number | null;
  reason: string | null;
  correlation_id: string | null;
}

const correlation = (record: AuditRecord) => (record.correlationId ? { correlationId: record.correlationId } : {});

/**
 * A command in the audit trail. The actor is the envelope's `source`, as the sender wrote it: NATS permissions decide
 * who may publish the command at all (only the outside systems' users and the platform's own).
 */
export function commandAudit(
  event: { source: string; type: string },
  action: string,
  target: string,
  correlationId: string,
  refused: string | null,
): AuditEntry {
  return {
    actor: `command from ${event.source}`,
    via: 'command',
    action,
    request: event.type,
    target,
    origin: 'nats',
    outcome: refused === null ? 'succeeded' : 'refused',
    status: null,
    reason: refused,
    correlationId,
  };
}
