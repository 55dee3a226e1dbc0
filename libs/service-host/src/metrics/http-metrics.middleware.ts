import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { correlationIdOf } from '../correlation/correlation.middleware.js';
import type { ServiceMetrics } from './service-metrics.js';

type RoutedRequest = IncomingMessage & { route?: { path?: string }; baseUrl?: string; originalUrl?: string };

const quietPaths = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Times every request by its route pattern (never the raw URL, which would explode the
 * label set) and writes one access log line.
 */
export function httpMetricsMiddleware(metrics: ServiceMetrics, logger: Logger) {
  return (req: RoutedRequest, res: ServerResponse, next: () => void): void => {
    const stop = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const route = req.route?.path ? `${req.baseUrl ?? ''}${String(req.route.path)}` : 'unmatched';
      const labels = { route, method: req.method ?? 'UNKNOWN', status_code: String(res.statusCode) };
      const seconds = stop(labels);
      const path = (req.originalUrl ?? req.url ?? '').split('?')[0] ?? '';
      const level = quietPaths.has(path) ? 'debug' : 'info';
      logger[level](
        {
          correlationId: correlationIdOf(req),
          route,
          method: labels.method,
          status: res.statusCode,
          durationMs: Math.round(seconds * 1000),
        },
        `${labels.method} ${path} ${res.statusCode}`,
      );
    });
    next();
  };
}
