import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/), the `traceparent` part only, by hand: the format is one
 * line (`00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`), and nats.js has no OpenTelemetry instrumentation to
 * plug into, so the OTel SDK would bring a propagator and context manager for what is a parse and a format. Spans
 * are not recorded or exported here: each hop (HTTP request, event handled, event published) gets a span id of its
 * own in the same trace, so logs and events of one piece of work share a trace id, and an OTel collector or
 * nats-server's message tracing (2.11+, which reads `traceparent`) can join them.
 */
export interface TraceContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly sampled: boolean;
}

/** The NATS message header and CloudEvent extension attribute (CloudEvents distributed tracing extension). */
export const TRACEPARENT = 'traceparent';

const format = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const allZero = /^0+$/;

/** A valid `traceparent`, or undefined (the spec says: ignore an invalid one and start a new trace). */
export function parseTraceparent(value: unknown): TraceContext | undefined {
  if (typeof value !== 'string') return undefined;
  const match = format.exec(value.trim().toLowerCase());
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, rest] = match as unknown as [string, string, string, string, string, string | undefined];
  // version ff is forbidden; version 00 has exactly four fields
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (allZero.test(traceId) || allZero.test(spanId)) return undefined;
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.sampled ? '01' : '00'}`;
}

/** The root of a new trace, for work that arrived without one. */
export function newTrace(): TraceContext {
  return { traceId: randomBytes(16).toString('hex'), spanId: newSpanId(), sampled: true };
}

/** A span of the same trace: a hop that continues `parent` (a new trace when there is none). */
export function childSpan(parent: TraceContext | undefined): TraceContext {
  return parent ? { traceId: parent.traceId, spanId: newSpanId(), sampled: parent.sampled } : newTrace();
}

function newSpanId(): string {
  return randomBytes(8).toString('hex');
}

const traceStore = new AsyncLocalStorage<TraceContext>();

/** Runs `work` as the span `context`: what it logs and publishes belongs to that trace. */
export function runInTrace<T>(context: TraceContext, work: () => T): T {
  return traceStore.run(context, work);
}

/** The span of the work in progress (an HTTP request, an event being handled), if any. */
export function currentTrace(): TraceContext | undefined {
  return traceStore.getStore();
}
