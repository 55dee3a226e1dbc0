import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { correlationIdOf } from '../correlation/correlation.middleware.js';
import { describeZodError } from './zod-validation.pipe.js';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  correlationId?: string;
  [extra: string]: unknown;
}

/**
 * Bad input becomes a 4xx naming what is wrong; anything unexpected a 500 carrying only a
 * correlation id, with the stack in the log and never in the response.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const req = http.getRequest<IncomingMessage>();
    const res = http.getResponse<ServerResponse>();
    const body = { ...this.toBody(exception), correlationId: correlationIdOf(req) };
    // the audit trail says why a mutation was refused or failed
    (req as IncomingMessage & { auditReason?: string }).auditReason = body.message;
    if (body.statusCode >= 500 && !(exception instanceof HttpException)) {
      this.logger.error({ err: exception, correlationId: body.correlationId }, `unexpected error on ${req.method} ${req.url}`);
    }
    if (res.headersSent) return;
    res.statusCode = body.statusCode;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(body));
  }

  private toBody(exception: unknown): ErrorBody {
    const tooLarge = tooLargeBody(exception);
    if (tooLarge) return tooLarge;
    if (exception instanceof ZodError) {
      return {
        statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
        error: 'Unprocessable Entity',
        message: describeZodError(exception),
        issues: exception.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const fields = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
      const message = typeof response === 'string' ? response : fields['message'];
      return {
        ...fields,
        statusCode: status,
        error: typeof fields['error'] === 'string' ? fields['error'] : exception.name.replace(/Exception$/, ''),
        message: Array.isArray(message) ? message.join('; ') : String(message ?? exception.message),
      };
    }
    const parserError = exception as { type?: string; status?: number; message?: string };
    if (typeof parserError.type === 'string' && parserError.status && parserError.status >= 400 && parserError.status < 500) {
      // body-parser: malformed JSON, too large, wrong charset
      return { statusCode: parserError.status, error: 'Bad Request', message: `request body: ${parserError.message ?? parserError.type}` };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'unexpected error; quote the correlation id when reporting it' };
  }
}

/** body-parser's refusal (Nest hands it on as an HttpException caused by it): name the limit, not just the status. */
function tooLargeBody(exception: unknown): ErrorBody | undefined {
  const error = (exception instanceof HttpException ? exception.cause : exception) as
    { type?: string; limit?: number; length?: number } | undefined;
  if (error?.type !== 'entity.too.large' || typeof error.limit !== 'number') return undefined;
  const size = typeof error.length === 'number' ? ` of ${error.length} bytes` : '';
  return {
    statusCode: HttpStatus.PAYLOAD_TOO_LARGE,
    error: 'Payload Too Large',
    message: `request body${size} is over this service's limit of ${describeBytes(error.limit)} (HTTP_BODY_LIMIT)`,
    limitBytes: error.limit,
  };
}

/** 5242880 → "5 MB (5242880 bytes)": the unit an operator sets, and the exact figure. */
function describeBytes(bytes: number): string {
  const units: [string, number][] = [
    ['GB', 1024 ** 3],
    ['MB', 1024 ** 2],
    ['KB', 1024],
  ];
  const [unit, size] = units.find(([, s]) => bytes >= s) ?? ['B', 1];
  const amount = Number((bytes / size).toFixed(1));
  return size === 1 ? `${bytes} bytes` : `${amount} ${unit} (${bytes} bytes)`;
}
