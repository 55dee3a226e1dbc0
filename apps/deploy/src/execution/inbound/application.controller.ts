import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, Permission, type Principal, ZodValidationPipe } from '@appmanager/service-host';
import { z } from 'zod';
import { ApplicationHistory, type ApplicationSummary, type DeploymentSummary } from '../application/application-history.js';

const historyQuery = z.object({
  state: z.enum(['CREATED', 'PROCESSING', 'RUNNING', 'WAIT_FOR_OP', 'SUSPENDED', 'SUCCESS', 'FAILURE', 'TERMINATED']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Applications as the history of their deployments. */
@ApiTags('applications')
@Controller('applications')
export class ApplicationController {
  constructor(
    @Inject(ApplicationHistory) private readonly history: ApplicationHistory,
    @Inject(Access) private readonly access: Access,
  ) {}

  @Get()
  @Permission('applications:read')
  @ApiOkResponse({ description: "every application that was ever deployed in the caller's projects, with its latest deployment" })
  async applications(@CurrentPrincipal() principal: Principal): Promise<ApplicationSummary[]> {
    return this.access.filter(principal, 'applications:read', await this.history.applications(), (app) => app.appId);
  }

  @Get(':appId/deployments')
  @Permission('deployments:read')
  @ApiOkResponse({ description: 'the deployments of one application, newest first, optionally by state' })
  @ApiNotFoundResponse({ description: 'the application was never deployed' })
  async deployments(
    @Param('appId') appId: string,
    @Query(new ZodValidationPipe(historyQuery)) query: z.infer<typeof historyQuery>,
  ): Promise<{ items: DeploymentSummary[]; total: number; limit: number; offset: number }> {
    const page = await this.history.deployments(appId, query);
    if (page.total === 0 && !query.state && query.offset === 0) throw new NotFoundException(`application "${appId}" has no deployments`);
    return { ...page, limit: query.limit, offset: query.offset };
  }
}
