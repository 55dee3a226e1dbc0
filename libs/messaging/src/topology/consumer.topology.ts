import { type ConsumerSpec } from '@appmanager/contracts';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

export interface ConsumerOptions {
  /** Handler attempts before the message is dead-lettered. Default 5. */
  maxDeliveries?: number;
  /** How long a delivery may stay unacknowledged before the server redelivers it. Default 30 s. */
  ackWaitMs?: number;
  /** Delay before redelivery after the n-th failed attempt (the last entry repeats). Default 1 s, 5 s, 30 s, 2 min. */
  backoffMs?: readonly number[];
  /** Unacknowledged messages the server hands to this durable at most, across replicas. Default 1000. */
  maxAckPending?: number;
}

export type ResolvedConsumerOptions = Required<ConsumerOptions>;

export const consumerDefaults: ResolvedConsumerOptions = {
  maxDeliveries: 5,
  ackWaitMs: 30_000,
  backoffMs: [1_000, 5_000, 30_000, 120_000],
  maxAckPending: 1_000,
};

export function resolveConsumerOptions(options: ConsumerOptions = {}): ResolvedConsumerOptions {
  const resolved = { ...consumerDefaults, ...options };
  if (!Number.isInteger(resolved.maxDeliveries) || resolved.maxDeliveries < 1)
    throw new Error(`maxDeliveries must be a positive integer, got ${resolved.maxDeliveries}`);
  if (resolved.backoffMs.length === 0) throw new Error('backoffMs needs at least one delay');
  return resolved;
}

/** The stream a consumer reads: its contract's domain. */
export function streamNameOf(spec: ConsumerSpec): string {
  return spec.contract.domain.toUpperCase();
}

/**
 * The server may deliver one more time than the handler runs: if a replica dies during the last
 * attempt, that extra delivery arrives and is dead-lettered instead of being lost in silence.
 * Backoff is applied by nak delays (see ADR 0004), since the server's BackOff replaces AckWait.
 */
export function consumerConfig(spec: ConsumerSpec, options: ResolvedConsumerOptions): Partial<ConsumerConfig> {
  return {
    durable_name: spec.durable,
    description: `${spec.app} handles ${spec.contract.subject}`,
    filter_subject: spec.contract.subject,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(options.ackWaitMs),
    max_deliver: options.maxDeliveries + 1,
    max_ack_pending: options.maxAckPending,
  };
}

/** Creates or updates the durable pull consumer; safe when many replicas do it at once. */
export async function ensureConsumer(jsm: JetStreamManager, spec: ConsumerSpec, options: ConsumerOptions = {}): Promise<ConsumerInfo> {
  const stream = streamNameOf(spec);
  const config = consumerConfig(spec, resolveConsumerOptions(options));
  const existing = await consumerInfo(jsm, stream, spec.durable);
  if (!existing) {
    try {
      return await jsm.consumers.add(stream, config);
    } catch (error) {
      // a replica that started at the same moment created it with other settings
      if (!(error instanceof JetStreamApiError) || !(await consumerInfo(jsm, stream, spec.durable))) throw error;
    }
  } else if (!consumerDiffers(existing.config, config)) {
    return existing;
  }
  const { durable_name: _name, deliver_policy: _deliver, ...changes } = config;
  return jsm.consumers.update(stream, spec.durable, changes);
}

async function consumerInfo(jsm: JetStreamManager, stream: string, durable: string): Promise<ConsumerInfo | undefined> {
  try {
    return await jsm.consumers.info(stream, durable);
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound) return undefined;
    throw error;
  }
}

function consumerDiffers(current: ConsumerConfig, wanted: Partial<ConsumerConfig>): boolean {
  const keys = ['filter_subject', 'ack_wait', 'max_deliver', 'max_ack_pending', 'description'] as const;
  return keys.some((key) => current[key] !== wanted[key]);
}
