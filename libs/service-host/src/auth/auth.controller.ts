import { Body, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { ApiTokenStore, type ApiTokenView } from './api-token-store.js';
import { AppProjects, isKey } from './app-projects.js';
import { CurrentPrincipal, Permission } from './permission.decorator.js';
import { formatBinding, parseBinding, type Principal, type RoleBinding } from './principal.js';
import { roles } from './roles.js';

const noApp = (): undefined => undefined;

const newTokenSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    roles: z.array(z.enum(roles, { message: `expected one of ${roles.join(', ')}` })).min(1),
    /** The projects the roles hold in; `*` (the default) is every project. */
    projects: z
      .array(z.string().min(1).max(100).refine(isKey, { message: 'expected a project name' }))
      .min(1)
      .default(['*']),
    expiresInDays: z.number().int().min(1).max(365).default(90),
  })
  .strict();

const projectName = new ZodValidationPipe(z.string().min(1).max(100).refine(isKey, { message: 'expected a project name' }));

/** Who am I, API tokens for systems, and which project each application is in: on every service alike. */
@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    @Inject(ApiTokenStore) private readonly tokens: ApiTokenStore,
    @Inject(AppProjects) private readonly projects: AppProjects,
  ) {}

  @Get('whoami')
  @Permission('self:read', noApp)
  @ApiOkResponse({ description: '{subject, via, roles}' })
  whoami(@CurrentPrincipal() principal: Principal): { subject: string; via: string; roles: string[] } {
    return { subject: principal.subject, via: principal.via, roles: principal.bindings.map(formatBinding) };
  }

  /** Issues an API token: the token is in this answer and nowhere else, ever (only its SHA-256 is kept). */
  @Post('api-tokens')
  @Permission('api-tokens:create', noApp)
  @ApiCreatedResponse({ description: '{token, id, name, bindings, expiresAt}: the token is shown once' })
  async create(
    @Body(new ZodValidationPipe(newTokenSchema)) body: z.infer<typeof newTokenSchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ApiTokenView & { token: string }> {
    const bindings: RoleBinding[] = body.roles.flatMap((role) =>
      body.projects.map((project) => parseBinding(project === '*' ? role : `${role}@${project}`)),
    );
    const expiresAt = new Date(Date.now() + body.expiresInDays * 86_400_000);
    const { token, view } = await this.tokens.issue({ name: body.name, bindings, expiresAt, createdBy: principal.subject });
    return { ...view, token };
  }

  @Get('api-tokens')
  @Permission('api-tokens:read', noApp)
  @ApiOkResponse({ description: 'every API token issued, revoked ones included; never a token or its hash' })
  async list(): Promise<{ items: ApiTokenView[] }> {
    return { items: await this.tokens.list() };
  }

  @Delete('api-tokens/:id')
  @Permission('api-tokens:revoke', noApp)
  @ApiOkResponse({ description: 'the revoked token; refused from now on by every service' })
  async revoke(@Param('id') id: string): Promise<ApiTokenView> {
    const revoked = await this.tokens.revoke(id);
    if (!revoked) throw new NotFoundException(`no API token ${id}`);
    return revoked;
  }

  @Put('projects/:project/apps/:appId')
  @HttpCode(200)
  @Permission('projects:write', noApp)
  @ApiOkResponse({ description: 'the application now belongs to the project: roles bound there apply to it' })
  async assign(
    @Param('project', projectName) project: string,
    @Param('appId', projectName) appId: string,
  ): Promise<{ appId: string; project: string }> {
    await this.projects.assign(appId, project);
    return { appId, project };
  }

  @Get('projects/apps')
  @Permission('projects:read', noApp)
  @ApiOkResponse({ description: 'applications assigned to a project; any other is in project "default"' })
  async assigned(): Promise<{ items: { appId: string; project: string }[] }> {
    return { items: await this.projects.list() };
  }
}
