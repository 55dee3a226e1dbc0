import { type DataSource } from 'typeorm';
import { type LoggerPort } from '../context/logger.port.js';

interface NotifyingClient {
  query(sql: string): Promise<unknown>;
  on(event: 'notification', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  removeAllListeners(event: string): void;
}

/**
 * Holds one pooled connection that LISTENs on the outbox channel, so the relay wakes right
 * after a commit. If it breaks, the relay's slow poll still gets every row out.
 */
export class OutboxListener {
  private client: NotifyingClient | undefined;
  private release: ((error?: Error) => void) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly channel: string,
    private readonly onNotify: () => void,
    private readonly logger: LoggerPort,
  ) {}

  async start(): Promise<void> {
    try {
      const driver = this.dataSource.driver as unknown as { obtainMasterConnection(): Promise<[NotifyingClient, (error?: Error) => void]> };
      const [client, release] = await driver.obtainMasterConnection();
      this.client = client;
      this.release = release;
      client.on('notification', this.onNotify);
      client.on('error', (error) => this.logger.warn({ error: error.message }, 'outbox LISTEN connection failed; polling only'));
      await client.query(`LISTEN "${this.channel}"`);
      this.onNotify();
    } catch (error) {
      this.logger.warn({ error: String(error) }, 'cannot LISTEN for outbox rows; polling only');
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      await client.query(`UNLISTEN "${this.channel}"`);
    } catch {
      // the connection is gone already; releasing it with an error discards it from the pool
    }
    client.removeAllListeners('notification');
    client.removeAllListeners('error');
    this.release?.();
  }
}
