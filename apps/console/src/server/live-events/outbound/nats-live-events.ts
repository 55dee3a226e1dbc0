import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { appInstanceChangedEvent, deploymentNodeStateChangedEvent, deploymentStateChangedEvent } from '@appmanager/contracts';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../../console-config.js';
import type { LiveEvent, LiveEventKind } from '../live-event.js';

const kinds: readonly [string, LiveEventKind][] = [
  [deploymentStateChangedEvent.subject, 'deployment'],
  [deploymentNodeStateChangedEvent.subject, 'node'],
  [appInstanceChangedEvent.subject, 'app-instance'],
];

/**
 * Hears the platform's state events on plain NATS subscriptions (no durable: a console that was down has nothing
 * to catch up on, the browser refetches on connect) and hands each to whoever listens, i.e. the open event streams.
 */
@Injectable()
export class NatsLiveEvents implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(NatsLiveEvents.name);
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  private connection: NatsConnection | undefined;

  constructor(@Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig) {}

  async onModuleInit(): Promise<void> {
    this.connection = await connect({ ...serverAndCredentials(this.config.NATS_URL), name: 'console', maxReconnectAttempts: -1 });
    for (const [subject, kind] of kinds) {
      this.connection.subscribe(subject, {
        callback: (error, message) => {
          if (error) return this.log.warn(`${subject}: ${error.message}`);
          const data = message.json<{ data?: Record<string, unknown> }>().data ?? {};
          for (const listener of this.listeners) listener({ kind, data });
        },
      });
    }
  }

  get connected(): boolean {
    return this.connection !== undefined && !this.connection.isClosed();
  }

  /** Returns how to stop listening. */
  listen(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  async onModuleDestroy(): Promise<void> {
    await this.connection?.drain();
  }
}

/** nats.js reads no credentials from a URL: `nats://console:<password>@host:port` becomes `user`/`pass` (as libs/service-host does). */
function serverAndCredentials(url: string): { servers: string; user?: string; pass?: string } {
  const parsed = new URL(url);
  if (!parsed.username) return { servers: url };
  const credentials = { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) };
  parsed.username = '';
  parsed.password = '';
  return { servers: parsed.toString().replace(/\/$/, ''), ...credentials };
}
