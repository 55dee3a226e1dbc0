import { once } from 'node:events';
import { type CloudEvent, type ConsumerSpec } from '@appmanager/contracts';
import { jetstream, jetstreamManager, type Consumer, type ConsumerMessages, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import { type NatsConnection } from '@nats-io/transport-node';
import PQueue from 'p-queue';
import { runInEventContext } from '../context/event.context.js';
import { nestLogger, type LoggerPort } from '../context/logger.port.js';
import {
  ensureConsumer,
  resolveConsumerOptions,
  streamNameOf,
  type ConsumerOptions,
  type ResolvedConsumerOptions,
} from '../topology/consumer.topology.js';
import { publishDeadLetter, type DeadLetterReason } from './dead-letter.publisher.js';
import { decodeMessage } from './message.decoder.js';
import { childSpan, parseTraceparent, runInTrace, TRACEPARENT } from '../trace/trace-context.js';
import { redeliveryDelayMs } from './redelivery.policy.js';

/** What a handler learns about the delivery besides the event. */
export interface Delivery {
  readonly durable: string;
  readonly subject: string;
  /** 1 on the first attempt. */
  readonly deliveryCount: number;
  readonly streamSequence: number;
  readonly message: JsMsg;
}

export type EventHandler = (event: CloudEvent, delivery: Delivery) => unknown;

export interface EventConsumerOptions extends ConsumerOptions {
  /** Handlers running at once in this process. Default 8. */
  concurrency?: number;
  /**
   * Messages the client asks for ahead of the handlers. They wait for a slot with their ack wait
   * running, so keep prefetch x handler time well under ackWaitMs. Default max(2 x concurrency, 32).
   */
  prefetch?: number;
  /** How long one pull waits on the server for messages (>= 1000). Default 5 s. */
  pullExpiresMs?: number;
  /** Create or update the durable at start. Default true. */
  ensureTopology?: boolean;
  logger?: LoggerPort;
}

/**
 * Pulls from one durable and runs the handler with explicit acks, bounded concurrency,
 * backoff on failure and a dead letter after the last attempt or for an unreadable message.
 */
export class EventConsumer {
  private readonly js: JetStreamClient;
  private readonly options: ResolvedConsumerOptions;
  private readonly handlers: PQueue;
  private readonly prefetch: number;
  private readonly logger: LoggerPort;
  private stopping = false;
  private batch: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private wakeFromPause: (() => void) | undefined;

  constructor(
    private readonly nc: NatsConnection,
    readonly spec: ConsumerSpec,
    private readonly handler: EventHandler,
    private readonly consumerOptions: EventConsumerOptions = {},
  ) {
    const concurrency = consumerOptions.concurrency ?? 8;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
    this.js = jetstream(nc);
    this.options = resolveConsumerOptions(consumerOptions);
    this.handlers = new PQueue({ concurrency });
    this.prefetch = consumerOptions.prefetch ?? Math.max(2 * concurrency, 32);
    this.logger = consumerOptions.logger ?? nestLogger(`EventConsumer ${spec.durable}`);
  }

  async start(): Promise<void> {
    if (this.consumerOptions.ensureTopology ?? true) await ensureConsumer(await jetstreamManager(this.nc), this.spec, this.options);
    const consumer = await this.js.consumers.get(streamNameOf(this.spec), this.spec.durable);
    this.loop = this.pullLoop(consumer);
  }

  /** Stops pulling, lets the handlers in flight finish and settle their messages, then resolves. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeFromPause?.();
    await this.batch?.close();
    await this.loop;
    await this.handlers.onIdle();
    if (!this.nc.isClosed()) await this.nc.flush();
  }

  get inFlight(): number {
    return this.handlers.pending;
  }

  /**
   * consume() keeps the next pull request on the wire before the current one runs dry, so there is
   * no round-trip gap; in iterator mode its pulls run only as we iterate, and we iterate only when a
   * slot is free, so at most `prefetch` messages wait in the client beside those being handled.
   */
  private async pullLoop(consumer: Consumer): Promise<void> {
    while (!this.stopping) {
      try {
        this.batch = await consumer.consume({ max_messages: this.prefetch, expires: this.consumerOptions.pullExpiresMs ?? 5_000 });
        if (this.stopping) await this.batch.close();
        for await (const msg of this.batch) {
          // pulled after stop() was called: hand it back at once so another replica takes it
          if (this.stopping) {
            msg.nak();
            continue;
          }
          void this.handlers.add(() => this.processSafely(msg));
          await this.slotFree();
        }
        if (!this.stopping) throw new Error('the message stream ended');
      } catch (error) {
        if (this.stopping) break;
        this.logger.warn({ durable: this.spec.durable, error: String(error) }, 'pull failed; retrying in 1 s');
        await new Promise<void>((resolve) => {
          this.wakeFromPause = resolve;
          setTimeout(resolve, 1_000).unref();
        });
      } finally {
        this.batch = undefined;
      }
    }
  }

  private async slotFree(): Promise<void> {
    while (this.handlers.pending >= this.handlers.concurrency) await once(this.handlers, 'next');
  }

  /** Never rejects, so the handler queue sees no failures: each message is settled or logged here. */
  private async processSafely(msg: JsMsg): Promise<void> {
    try {
      await this.process(msg);
    } catch (error) {
      // e.g. the connection closed under an ack: the server redelivers after ack wait
      this.logger.error({ durable: this.spec.durable, error: String(error) }, 'cannot settle message');
    }
  }

  private async process(msg: JsMsg): Promise<void> {
    const decoded = decodeMessage(msg.data, this.spec.contract);
    if (!decoded.ok) return this.deadLetter(msg, decoded.reason, decoded.error, decoded.envelope, decoded.raw);
    const deliveryCount = msg.info.deliveryCount;
    if (deliveryCount > this.options.maxDeliveries) {
      const error = `delivered ${deliveryCount} times; the last attempt never settled (its process died or ack wait passed)`;
      return this.deadLetter(msg, 'max-deliveries', error, decoded.envelope);
    }
    const { event } = decoded;
    const delivery: Delivery = {
      durable: this.spec.durable,
      subject: msg.subject,
      deliveryCount,
      streamSequence: msg.info.streamSequence,
      message: msg,
    };
    const keepAlive = setInterval(() => msg.working(), Math.max(this.options.ackWaitMs / 2, 500));
    try {
      // the handler is a span of the publisher's trace: what it logs and publishes carries that trace id
      const span = childSpan(parseTraceparent(msg.headers?.get(TRACEPARENT)) ?? parseTraceparent(event.traceparent));
      await runInTrace(span, () =>
        runInEventContext({ correlationId: event.correlationid ?? event.id, causationId: event.id, durable: this.spec.durable }, () =>
          this.handler(event, delivery),
        ),
      );
      msg.ack();
    } catch (error) {
      await this.handlerFailed(msg, error, decoded.envelope);
    } finally {
      clearInterval(keepAlive);
    }
  }

  private async handlerFailed(msg: JsMsg, error: unknown, envelope: unknown): Promise<void> {
    const deliveryCount = msg.info.deliveryCount;
    const message = error instanceof Error ? error.message : String(error);
    if (deliveryCount >= this.options.maxDeliveries) return this.deadLetter(msg, 'handler-failed', message, envelope);
    const delayMs = redeliveryDelayMs(this.options.backoffMs, deliveryCount);
    this.logger.warn(
      { durable: this.spec.durable, subject: msg.subject, deliveryCount, delayMs, error: message },
      'handler failed; will retry',
    );
    msg.nak(delayMs);
  }

  private async deadLetter(msg: JsMsg, reason: DeadLetterReason, error: string, envelope?: unknown, raw?: string): Promise<void> {
    try {
      await publishDeadLetter(this.js, msg, this.spec.durable, { reason, error, envelope, ...(raw === undefined ? {} : { raw }) });
      msg.ack();
      this.logger.error({ durable: this.spec.durable, subject: msg.subject, reason, error }, 'message dead-lettered');
    } catch (publishError) {
      // the dead letter was not stored: keep the message, try again later
      this.logger.error({ durable: this.spec.durable, error: String(publishError) }, 'cannot publish dead letter; message kept');
      msg.nak(redeliveryDelayMs(this.options.backoffMs, msg.info.deliveryCount));
    }
  }
}
