import type { IncomingMessage, ServerResponse } from 'node:http';
import { childSpan, parseTraceparent, runInTrace, TRACEPARENT } from '@appmanager/messaging';
import { acceptCorrelationId, CorrelationContext } from './correlation-context.js';

export const correlationHeader = 'x-correlation-id';

/**
 * Takes the caller's correlation id (or makes one), echoes it, and runs the request inside it; likewise the caller's
 * W3C `traceparent`: the request is a span of that trace (or of a new one), so the events it publishes continue it.
 */
export function correlationMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const correlationId = acceptCorrelationId(req.headers[correlationHeader]) ?? CorrelationContext.newId();
  (req as IncomingMessage & { correlationId?: string }).correlationId = correlationId;
  res.setHeader(correlationHeader, correlationId);
  const span = childSpan(parseTraceparent(req.headers[TRACEPARENT]));
  runInTrace(span, () => CorrelationContext.run(correlationId, next));
}

export function correlationIdOf(req: IncomingMessage): string | undefined {
  return (req as IncomingMessage & { correlationId?: string }).correlationId;
}
