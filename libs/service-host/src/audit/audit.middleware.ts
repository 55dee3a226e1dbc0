import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { AuthenticatedRequest } from '../auth/permission.decorator.js';
import { correlationHeader } from '../correlation/correlation.middleware.js';
import type { AuditTrail } from './audit-trail.js';

const mutations = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type AuditedRequest = IncomingMessage & Partial<AuthenticatedRequest> & { auditReason?: string };

/**
 * Every mutation, once answered: allowed or refused (401/403), succeeded or failed, recorded with the caller,
 * the route's permission, its target, the client's address and the status. Bodies are never recorded.
 */
export function auditMiddleware(trail: AuditTrail, logger: Logger) {
  return (req: AuditedRequest, res: ServerResponse, next: () => void): void => {
    if (!mutations.has(req.method ?? '')) return next();
    res.once('finish', () => {
      const status = res.statusCode;
      const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
      trail
        .record({
          actor: req.principal?.subject ?? 'anonymous',
          via: req.principal?.via ?? 'anonymous',
          action: req.audit?.action ?? `${req.method} ${path}`,
          request: `${req.method} ${path}`,
          target: req.audit?.target ?? null,
          origin: req.socket.remoteAddress ?? 'unknown',
          outcome: status < 400 ? 'succeeded' : status === 401 || status === 403 ? 'refused' : 'failed',
          status,
          reason: status >= 400 ? (req.auditReason ?? null) : null,
          correlationId: String(res.getHeader(correlationHeader) ?? '') || null,
        })
        .catch((error: unknown) =>
          logger.error({ err: error, request: `${req.method} ${path}` }, 'could not record a mutation in the audit trail'),
        );
    });
    next();
  };
}
