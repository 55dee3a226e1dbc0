import { type DataSource } from 'typeorm';

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The schema the service's tables live in: its DataSource `schema`, else public. */
export function schemaOf(dataSource: DataSource): string {
  return (dataSource.options as { schema?: string }).schema ?? 'public';
}

export function qualifiedTable(schema: string, table: 'outbox' | 'processed_event'): string {
  return `${quoteIdent(schema)}.${table}`;
}

/** LISTEN/NOTIFY channel that wakes the relay of this schema's outbox. */
export function outboxChannel(schema: string): string {
  return `outbox_${schema}`.slice(0, 63);
}
