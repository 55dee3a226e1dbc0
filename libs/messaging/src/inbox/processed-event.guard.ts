import { type DataSource, type EntityManager } from 'typeorm';
import { qualifiedTable, schemaOf } from '../outbox/sql.names.js';

export type ProcessOnceResult<T> = { applied: true; result: T } | { applied: false };

/**
 * Runs `work` at most once per (consumer, event id): the record of the event and the side effect
 * commit together, and a repeat finds the record and skips. A concurrent repeat waits on the
 * first one's row lock and then skips too.
 */
export async function processOnce<T>(
  dataSource: DataSource,
  consumer: string,
  eventId: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<ProcessOnceResult<T>> {
  const table = qualifiedTable(schemaOf(dataSource), 'processed_event');
  return dataSource.transaction(async (manager) => {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO ${table} (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, eventId],
    );
    if (inserted.length === 0) return { applied: false } as const;
    return { applied: true, result: await work(manager) } as const;
  });
}
