import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AuditRecord } from '@appmanager/contracts';
import { z } from 'zod';
import { Permission } from '../auth/permission.decorator.js';
import { pageQuerySchema } from '../http/page-query.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { AuditTrail } from './audit-trail.js';

const auditQuery = pageQuerySchema.extend({
  actor: z.string().min(1).optional(),
  action: z.string().min(1).optional(),
  outcome: z.enum(['succeeded', 'refused', 'failed']).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
});

/** This service's audit trail, newest first (admins only). */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(@Inject(AuditTrail) private readonly trail: AuditTrail) {}

  @Get()
  @Permission('audit:read', () => undefined)
  @ApiQuery({ name: 'actor', required: false })
  @ApiQuery({ name: 'action', required: false, description: 'a permission, e.g. deployments:launch' })
  @ApiQuery({ name: 'outcome', required: false, enum: ['succeeded', 'refused', 'failed'] })
  @ApiQuery({ name: 'since', required: false, description: 'ISO time' })
  @ApiOkResponse({ description: '{items, total, limit, offset}: who, what, when, from where, the outcome' })
  async list(
    @Query(new ZodValidationPipe(auditQuery)) query: z.infer<typeof auditQuery>,
  ): Promise<{ items: AuditRecord[]; total: number; limit: number; offset: number }> {
    return { ...(await this.trail.list(query)), limit: query.limit, offset: query.offset };
  }
}
