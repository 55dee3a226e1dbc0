import { deadLetterSubject } from '@appmanager/contracts';
import { type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import { type DecodeFailure } from './message.decoder.js';

export type DeadLetterReason = DecodeFailure | 'handler-failed' | 'max-deliveries';

/** The body of a message on `dlq.<durable>`: enough to understand and replay what failed. */
export interface DeadLetter {
  durable: string;
  reason: DeadLetterReason;
  error: string;
  /** The subject the message was published on. */
  subject: string;
  stream: string;
  streamSequence: number;
  deliveryCount: number;
  deadLetteredAt: string;
  /** The original envelope as parsed, when the body was JSON. */
  envelope?: unknown;
  /** The original body as text, when it was not JSON. */
  raw?: string;
}

/**
 * Publishes the dead letter and waits for the DEADLETTER stream to store it; only then may the
 * original be acknowledged. The msg id makes a repeat after a crash harmless.
 */
export async function publishDeadLetter(
  js: JetStreamClient,
  msg: JsMsg,
  durable: string,
  failure: { reason: DeadLetterReason; error: string; envelope?: unknown; raw?: string },
): Promise<DeadLetter> {
  const letter: DeadLetter = {
    durable,
    reason: failure.reason,
    error: failure.error,
    subject: msg.subject,
    stream: msg.info.stream,
    streamSequence: msg.info.streamSequence,
    deliveryCount: msg.info.deliveryCount,
    deadLetteredAt: new Date().toISOString(),
    ...(failure.envelope === undefined ? {} : { envelope: failure.envelope }),
    ...(failure.envelope === undefined && failure.raw !== undefined ? { raw: failure.raw } : {}),
  };
  await js.publish(deadLetterSubject(durable), JSON.stringify(letter), {
    msgID: `${durable}:${msg.info.stream}:${msg.info.streamSequence}`,
  });
  return letter;
}
