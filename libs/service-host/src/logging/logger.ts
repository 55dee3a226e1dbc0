import pino, { type DestinationStream, type Logger } from 'pino';
import { currentTrace } from '@appmanager/messaging';
import { maskSecrets } from '../config/mask-secrets.js';
import { CorrelationContext } from '../correlation/correlation-context.js';

export interface LoggerOptions {
  service: string;
  level: string;
  /** Where JSON lines go; stdout unless a test collects them. */
  destination?: DestinationStream;
}

/** The logger every service module may inject with `@Inject(SERVICE_LOGGER)`. */
export type ServiceLogger = Logger;

/** JSON lines with service, level, time, msg, the current correlation id and trace (trace_id, span_id). */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const correlationId = CorrelationContext.current();
        const trace = currentTrace();
        return {
          ...(correlationId ? { correlationId } : {}),
          // the OpenTelemetry log data model's names, so a log backend links the line to its trace
          ...(trace ? { trace_id: trace.traceId, span_id: trace.spanId } : {}),
        };
      },
      serializers: { err: maskedError },
      redact: {
        paths: ['password', '*.password', 'authorization', '*.authorization', 'headers.cookie', 'secret', '*.secret', 'token', '*.token'],
        censor: '***',
      },
      hooks: {
        // a message may quote a connection URL; its password never reaches the log
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? maskSecrets(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination({ sync: true }),
  );
}

/** pino's error serializer, with any connection-URL password in message or stack masked. */
function maskedError(error: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const field of ['message', 'stack'] as const) {
    if (typeof serialized[field] === 'string') serialized[field] = maskSecrets(serialized[field]);
  }
  return serialized;
}
