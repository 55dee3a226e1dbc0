import { consumers as catalogConsumers, type CloudEvent, type ConsumerSpec } from '@appmanager/contracts';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { nestLogger, type LoggerPort } from '../context/logger.port.js';
import { EventConsumer, type Delivery, type EventConsumerOptions } from '../consume/event.consumer.js';
import { ensureStreams, type StreamOptions } from '../topology/stream.topology.js';
import { JetStreamContext } from './jetstream.context.js';

export interface JetStreamTransportOptions {
  /** A connection to use (closed by its owner), or servers to connect to (closed by the transport). */
  connection?: NatsConnection;
  servers?: string | string[];
  /** Consumers the patterns may name besides the catalogue's (e.g. a test's own). */
  consumers?: readonly ConsumerSpec[];
  /** Defaults for every consumer, and per durable overrides. */
  consumerDefaults?: EventConsumerOptions;
  consumerOverrides?: Record<string, EventConsumerOptions>;
  streams?: StreamOptions;
  logger?: LoggerPort;
}

/**
 * Nest microservice transport over JetStream. `@EventPattern(<durable>)` on a method makes it the
 * handler of that durable consumer: the transport ensures streams and consumers at listen(),
 * consumes with explicit acks, retries, dead letters, and drains on close().
 */
export class JetStreamTransport extends Server implements CustomTransportStrategy {
  private nc: NatsConnection | undefined;
  private readonly running: EventConsumer[] = [];
  private readonly log: LoggerPort;

  constructor(private readonly options: JetStreamTransportOptions) {
    super();
    this.log = options.logger ?? nestLogger(JetStreamTransport.name);
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.running.splice(0).map((consumer) => consumer.stop()));
    if (this.nc && !this.options.connection) await this.nc.drain();
    this.nc = undefined;
  }

  on(): never {
    throw new Error('JetStreamTransport has no events to listen to');
  }

  unwrap<T>(): T {
    if (!this.nc) throw new Error('JetStreamTransport is not listening');
    return this.nc as T;
  }

  private async start(): Promise<void> {
    this.nc =
      this.options.connection ?? (await connect({ servers: this.options.servers ?? 'nats://127.0.0.1:4222', name: 'jetstream-transport' }));
    await ensureStreams(await jetstreamManager(this.nc), this.options.streams);
    for (const [pattern, handler] of this.messageHandlers) {
      const spec = this.specFor(pattern);
      const consumerOptions = { logger: this.log, ...this.options.consumerDefaults, ...this.options.consumerOverrides?.[spec.durable] };
      const consumer = new EventConsumer(this.nc, spec, (event, delivery) => this.invoke(handler, event, delivery), consumerOptions);
      await consumer.start();
      this.running.push(consumer);
      this.log.info({ durable: spec.durable, subject: spec.contract.subject }, 'consuming');
    }
  }

  private specFor(pattern: string): ConsumerSpec {
    const known = [...Object.values(catalogConsumers), ...(this.options.consumers ?? [])];
    const spec = known.find((candidate) => candidate.durable === pattern);
    if (!spec) throw new Error(`@EventPattern('${pattern}') names no durable consumer in libs/contracts or the transport's consumers`);
    return spec;
  }

  /** Runs the Nest handler chain (pipes, guards, interceptors) and fails when it fails. */
  private async invoke(handler: MessageHandler, event: CloudEvent, delivery: Delivery): Promise<void> {
    if (!handler.isEventHandler) throw new Error(`${delivery.durable}: use @EventPattern, not @MessagePattern, for JetStream consumers`);
    let next: MessageHandler | undefined = handler;
    while (next) {
      const result: unknown = await next(event, new JetStreamContext(delivery));
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      next = next.next;
    }
  }
}
