import { z } from 'zod';
import { defineContract } from '../contract.js';

/** One mutation as the audit trail keeps it: who, what, when, from where, and how it ended. Never a body or a secret. */
export const auditRecordSchema = z.object({
  id: z.uuid(),
  at: z.iso.datetime({ offset: true }),
  service: z.string().min(1),
  /** The caller: an OIDC subject, `api-token:<id> (<name>)`, `bootstrap`, `anonymous`, or what sent a command. */
  actor: z.string().min(1),
  via: z.enum(['oidc', 'api-token', 'bootstrap', 'anonymous', 'command']),
  /** The permission the route declares (`deployments:launch`), else `<METHOD> <route>`. */
  action: z.string().min(1),
  /** `POST /v1/deployments/:id/suspend`, or the command's subject. */
  request: z.string().min(1),
  /** The application or object acted on, when the request names one. */
  target: z.string().nullable(),
  /** The client's address, or `nats`. */
  origin: z.string().min(1),
  outcome: z.enum(['succeeded', 'refused', 'failed']),
  /** The HTTP status; null for a command. */
  status: z.number().int().nullable(),
  /** Why it was refused or failed (the answer's message, masked), else null. */
  reason: z.string().nullable(),
  correlationId: z.string().nullable(),
});

export type AuditRecord = z.infer<typeof auditRecordSchema>;

export const mutationRecordedEvent = defineContract('audit.evt.mutation.recorded.v1', {
  description: 'A mutation (API call or command) was attempted: who, what, when, from where and the outcome.',
  publishedBy: 'every service (its own mutations)',
  consumedBy: ['any system (SIEM, compliance archive)'],
  schema: auditRecordSchema,
});
