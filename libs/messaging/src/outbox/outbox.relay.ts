import { type CloudEvent } from '@appmanager/contracts';
import { type DataSource } from 'typeorm';
import { nestLogger, type LoggerPort } from '../context/logger.port.js';
import { type EventPublisher } from '../publish/event.publisher.js';
import { PgListener } from '@appmanager/persistence';
import { outboxChannel, qualifiedTable, schemaOf } from './sql.names.js';

export interface OutboxRelayOptions {
  /** Rows claimed per transaction. Default 100. */
  batchSize?: number;
  /** Fallback poll when no NOTIFY arrives (missed, or the listening connection broke). Default 5 s. */
  pollIntervalMs?: number;
  logger?: LoggerPort;
}

/**
 * Publishes committed outbox rows in order and marks them published. Replicas share the work:
 * each claims a batch with FOR UPDATE SKIP LOCKED, so no row is published by two at once.
 * If a replica dies after publishing but before marking, the next one publishes again with the
 * same Nats-Msg-Id and JetStream drops the repeat.
 */
export class OutboxRelay {
  private readonly table: string;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly logger: LoggerPort;
  private readonly listener: PgListener;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private pending = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    options: OutboxRelayOptions = {},
  ) {
    const schema = schemaOf(dataSource);
    this.table = qualifiedTable(schema, 'outbox');
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.logger = options.logger ?? nestLogger('OutboxRelay');
    this.listener = new PgListener(dataSource, {
      channel: outboxChannel(schema),
      onNotify: () => this.nudge(),
      logger: this.logger,
      subject: 'outbox rows',
    });
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listener.start();
    this.loop = this.run();
  }

  /** Finishes the batch in progress, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
    await this.listener.stop();
  }

  /** Publishes one batch; returns how many rows it published. */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { position: string; envelope: CloudEvent }[] = await manager.query(
        `SELECT position, envelope FROM ${this.table} WHERE published_at IS NULL ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      // one connection keeps publish order, so the batch can be in flight at once
      await Promise.all(rows.map((row) => this.publisher.publishEnvelope(row.envelope)));
      await manager.query(`UPDATE ${this.table} SET published_at = now() WHERE position = ANY($1::bigint[])`, [
        rows.map((row) => row.position),
      ]);
      return rows.length;
    });
  }

  private nudge(): void {
    this.pending = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.pending = false;
      try {
        while (this.running && (await this.relayOnce()) === this.batchSize) {
          // a full batch: there may be more
        }
      } catch (error) {
        this.logger.error({ error: String(error) }, 'outbox relay failed; retrying at the next poll');
      }
      if (!this.running || this.pending) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollIntervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
