import { setTimeout as sleep } from 'node:timers/promises';
import { ExponentialBackoff, type IBackoff } from 'cockatiel';
import { type DataSource } from 'typeorm';

/** What the listener needs of a service's logger (pino's and the messaging logger's shape). */
export interface PgListenerLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface PgListenerOptions {
  /** The NOTIFY channel (quoted as given: a channel name is not folded to lower case). */
  channel: string;
  /** Called on every notification, and once after a reconnect (anything committed in the gap was missed). */
  onNotify: () => void;
  logger: PgListenerLogger;
  /** What is listened for, as the warnings say it: 'outbox rows', 'deployment wake-ups'. */
  subject: string;
  /** Waits between reconnect attempts (exponential, jittered); defaults 250 ms up to 30 s. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
}

interface NotifyingClient {
  query(sql: string): Promise<unknown>;
  on(event: 'notification', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  removeAllListeners(event: string): void;
}

type Release = (error?: Error) => void;

/**
 * Holds one pooled connection that LISTENs on a channel, so a poller wakes right after a
 * commit. A notification is only a hint: callers keep their slow poll, which still finds the
 * work while the connection is down. A broken connection is discarded and opened again with
 * backoff, so the hint comes back without a restart.
 */
export class PgListener {
  private client: NotifyingClient | undefined;
  private release: Release | undefined;
  private stopping: AbortController | undefined;
  private reconnecting: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: PgListenerOptions,
  ) {}

  /** Resolves after the first attempt; when it fails, the listener keeps trying in the background. */
  async start(): Promise<void> {
    if (this.stopping) return;
    this.stopping = new AbortController();
    try {
      await this.listen();
    } catch (error) {
      this.options.logger.warn({ error: String(error) }, `cannot LISTEN for ${this.options.subject}; polling only`);
      this.reconnectLater();
    }
  }

  async stop(): Promise<void> {
    this.stopping?.abort();
    this.stopping = undefined;
    await this.reconnecting;
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      await client.query(`UNLISTEN "${this.options.channel}"`);
    } catch {
      // the connection is gone already; it is released below all the same
    }
    client.removeAllListeners('notification');
    client.removeAllListeners('error');
    this.release?.();
  }

  private async listen(): Promise<void> {
    const driver = this.dataSource.driver as unknown as { obtainMasterConnection(): Promise<[NotifyingClient, Release]> };
    const [client, release] = await driver.obtainMasterConnection();
    client.on('notification', () => this.options.onNotify());
    client.on('error', (error) => this.broken(client, release, error));
    try {
      await client.query(`LISTEN "${this.options.channel}"`);
    } catch (error) {
      this.discard(client, release, error as Error);
      throw error;
    }
    this.client = client;
    this.release = release;
  }

  private broken(client: NotifyingClient, release: Release, error: Error): void {
    if (this.client !== client) return;
    this.options.logger.warn(
      { error: error.message },
      `LISTEN connection for ${this.options.subject} failed; polling only until it is back`,
    );
    this.client = undefined;
    this.discard(client, release, error);
    this.reconnectLater();
  }

  private discard(client: NotifyingClient, release: Release, error: Error): void {
    client.removeAllListeners('notification');
    client.removeAllListeners('error');
    // a dead socket can emit again; an 'error' with no listener would crash the process
    client.on('error', () => undefined);
    // releasing with an error makes the pool drop the connection instead of reusing it
    release(error);
  }

  private reconnectLater(): void {
    const stopping = this.stopping;
    if (!stopping || this.reconnecting) return;
    this.reconnecting = this.reconnect(stopping.signal).finally(() => {
      this.reconnecting = undefined;
    });
  }

  private async reconnect(signal: AbortSignal): Promise<void> {
    const { initialDelayMs = 250, maxDelayMs = 30_000 } = this.options.reconnect ?? {};
    let backoff: IBackoff<unknown> = new ExponentialBackoff({ initialDelay: initialDelayMs, maxDelay: maxDelayMs }).next();
    while (!signal.aborted) {
      // an aborted sleep is the stop: it must not hold up shutdown for a whole delay
      const slept = await sleep(backoff.duration, true, { signal }).catch(() => false);
      if (!slept || signal.aborted) return;
      try {
        await this.listen();
        if (!signal.aborted) this.options.onNotify();
        return;
      } catch {
        backoff = backoff.next(undefined);
      }
    }
  }
}
