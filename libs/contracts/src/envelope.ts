import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** CloudEvents 1.0, structured JSON mode, with our extension attributes. */
export const cloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(256),
  source: z.string().min(1),
  type: z.string().min(1),
  subject: z.string().min(1).optional(),
  time: z.iso.datetime({ offset: true }).optional(),
  datacontenttype: z.literal('application/json').optional(),
  dataschema: z.string().optional(),
  /** Follows one piece of work across services; copied from the event that caused this one. */
  correlationid: z.string().min(1).optional(),
  /** The id of the event or request that caused this one. */
  causationid: z.string().min(1).optional(),
  /** W3C trace context of the span that published this (CloudEvents distributed tracing extension); also a NATS header. */
  traceparent: z.string().min(1).max(256).optional(),
  data: z.unknown(),
});

export type CloudEvent<TData = unknown> = Omit<z.infer<typeof cloudEventSchema>, 'data'> & {
  data: TData;
};

export interface NewEventOptions {
  source: string;
  subject?: string;
  id?: string;
  time?: Date;
  correlationId?: string;
  causationId?: string;
  traceparent?: string;
}

/** Builds an envelope; the id defaults to a fresh UUID and doubles as the Nats-Msg-Id. */
export function newCloudEvent<TData>(type: string, data: TData, options: NewEventOptions): CloudEvent<TData> {
  const id = options.id ?? randomUUID();
  return {
    specversion: '1.0',
    id,
    source: options.source,
    type,
    ...(options.subject === undefined ? {} : { subject: options.subject }),
    time: (options.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    correlationid: options.correlationId ?? id,
    ...(options.causationId === undefined ? {} : { causationid: options.causationId }),
    ...(options.traceparent === undefined ? {} : { traceparent: options.traceparent }),
    data,
  };
}
