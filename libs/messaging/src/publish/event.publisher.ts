import { type CloudEvent, type ContractData, type MessageContract } from '@appmanager/contracts';
import { jetstream, type JetStreamClient, type PubAck } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { TRACEPARENT } from '../trace/trace-context.js';
import { buildEnvelope, type PublishOptions } from './envelope.factory.js';

export interface PublishResult {
  event: CloudEvent;
  ack: PubAck;
}

/**
 * Publishes contract messages to JetStream and waits for the stream to store them.
 * Nats-Msg-Id is the CloudEvent id, so a retried publish is stored once.
 */
export class EventPublisher {
  private readonly js: JetStreamClient;

  constructor(
    nc: NatsConnection,
    private readonly source: string,
  ) {
    this.js = jetstream(nc);
  }

  async publish<C extends MessageContract>(contract: C, data: ContractData<C>, options: PublishOptions = {}): Promise<PublishResult> {
    const event = buildEnvelope(contract, data, this.source, options);
    return { event, ack: await this.publishEnvelope(event) };
  }

  /** Publishes an envelope built earlier (the outbox relay does this); its `type` is the subject. */
  publishEnvelope(event: CloudEvent, timeoutMs?: number): Promise<PubAck> {
    // the trace in a header too, so a consumer (or nats-server's message tracing) reads it without parsing the body
    const traceHeaders = event.traceparent === undefined ? undefined : headers();
    if (traceHeaders && event.traceparent) traceHeaders.set(TRACEPARENT, event.traceparent);
    return this.js.publish(event.type, JSON.stringify(event), {
      msgID: event.id,
      ...(traceHeaders ? { headers: traceHeaders } : {}),
      ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }),
    });
  }
}
