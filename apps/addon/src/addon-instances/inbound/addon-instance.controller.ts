import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiPageQuery, pageQuerySchema, pageViewOf, ZodValidationPipe, Permission } from '@appmanager/service-host';
import { z } from 'zod';
import {
  GetAddonInstanceUseCase,
  GrantAddonInstanceUseCase,
  ListAddonInstancesUseCase,
} from '../application/addon-instance-queries.use-case.js';
import { ApplyAddonInstanceUseCase } from '../application/apply-addon-instance.use-case.js';
import { ImportAddonInstanceUseCase, InstanceExistsError } from '../application/import-addon-instance.use-case.js';
import {
  InstanceClaimedError,
  InstanceNotFoundError,
  ReleaseAddonInstanceUseCase,
} from '../application/release-addon-instance.use-case.js';
import { addonInstanceStates } from '../domain/addon-instance.js';
import { AddonClaimView, AddonInstanceDetailView, AddonInstancePageView, AddonInstanceView } from './addon-instance.view.js';

const name = z.string().min(1).max(253);
const listQuerySchema = pageQuerySchema.extend({
  cluster: name.optional(),
  namespace: name.optional(),
  addonType: name.optional(),
  addonName: name.optional(),
  state: z.enum(addonInstanceStates).optional(),
});
const idSchema = z.uuid();
const grantSchema = z.object({ cluster: name, namespace: name });
const applySchema = z.object({
  cluster: name,
  namespace: name,
  stage: name.optional(),
  addonType: name,
  addonName: name,
  attributes: z.record(z.string(), z.unknown()).default({}),
  deletionPolicy: z.enum(['Delete', 'Orphan']).optional(),
  /** Who needs it: counted like a deployment's claim, so the instance is not released under it. */
  claim: z.object({ deploymentId: name, appId: name, component: name }),
});
const importSchema = z.object({
  cluster: name,
  namespace: name,
  stage: name.optional(),
  addonType: name,
  addonName: name,
  attributes: z.record(z.string(), z.unknown()).default({}),
  outputs: z.record(z.string(), z.unknown()).default({}),
  secretOutputs: z.record(z.string(), z.string()).default({}),
});

@ApiTags('addon-instances')
@Controller()
export class AddonInstanceController {
  constructor(
    @Inject(ListAddonInstancesUseCase) private readonly listInstances: ListAddonInstancesUseCase,
    @Inject(GetAddonInstanceUseCase) private readonly getInstance: GetAddonInstanceUseCase,
    @Inject(ReleaseAddonInstanceUseCase) private readonly releaseInstance: ReleaseAddonInstanceUseCase,
    @Inject(ImportAddonInstanceUseCase) private readonly importInstance: ImportAddonInstanceUseCase,
    @Inject(GrantAddonInstanceUseCase) private readonly grantInstance: GrantAddonInstanceUseCase,
    @Inject(ApplyAddonInstanceUseCase) private readonly applyInstance: ApplyAddonInstanceUseCase,
  ) {}

  /** The same as `addon.cmd.instance.apply.v1`, answered here: the instance, or 422 with the reason it is not ready. */
  @Post('addon-instances\\:apply')
  @Permission('addons:write')
  @HttpCode(200)
  @ApiOkResponse({ type: AddonInstanceDetailView, description: 'the instance, made once per key and claimed' })
  async apply(@Body(new ZodValidationPipe(applySchema)) body: z.infer<typeof applySchema>): Promise<AddonInstanceDetailView> {
    const { claim, ...rest } = body;
    const requestId = `http:${randomUUID()}`;
    const result = await this.applyInstance.execute({ ...rest, ...claim, requestId }, requestId, 'addon_http-apply');
    if (!result.outcome?.startsWith('ready'))
      throw new UnprocessableEntityException(result.outcome?.replace(/^failed: /, '') ?? 'not applied');
    const [instance] = (await this.listInstances.execute(rest, { limit: 1, offset: 0 })).items.filter((i) =>
      isDeepStrictEqual(i.attributes, rest.attributes),
    );
    if (!instance) throw new NotFoundException('the instance applied is not found');
    return this.get(instance.id);
  }

  @Get('addon-instances')
  @Permission('addons:read')
  @ApiPageQuery()
  @ApiOkResponse({ type: AddonInstancePageView, description: 'filtered by cluster, namespace, addonType, addonName, state' })
  async list(@Query(new ZodValidationPipe(listQuerySchema)) query: z.infer<typeof listQuerySchema>): Promise<AddonInstancePageView> {
    const { limit, offset, ...filter } = query;
    return pageViewOf(await this.listInstances.execute(filter, { limit, offset }), (row) => AddonInstanceView.of(row));
  }

  @Get('addon-instances/:id')
  @Permission('addons:read')
  @ApiOkResponse({ type: AddonInstanceDetailView })
  @ApiNotFoundResponse()
  async get(@Param('id', new ZodValidationPipe(idSchema)) id: string): Promise<AddonInstanceDetailView> {
    const found = await this.getInstance.execute(id).catch(notFound);
    return Object.assign(new AddonInstanceDetailView(), AddonInstanceView.of(found.instance), {
      claims: found.claims.map((c) => AddonClaimView.of(c)),
      grants: found.grants.map(({ cluster, namespace }) => ({ cluster, namespace })),
    });
  }

  @Get('addon-instances/:id/claims')
  @Permission('addons:read')
  @ApiOkResponse({ type: [AddonClaimView] })
  async claims(@Param('id', new ZodValidationPipe(idSchema)) id: string): Promise<AddonClaimView[]> {
    return (await this.getInstance.execute(id).catch(notFound)).claims.map((c) => AddonClaimView.of(c));
  }

  @Post('addon-instances/:id\\:release')
  @Permission('addons:release')
  @HttpCode(200)
  @ApiOkResponse({ type: AddonInstanceView, description: 'released: deleted (Delete) or left in place (Orphan, imported)' })
  @ApiConflictResponse({ description: 'still claimed; the message names the claimants' })
  async release(@Param('id', new ZodValidationPipe(idSchema)) id: string): Promise<AddonInstanceView> {
    try {
      return AddonInstanceView.of(await this.releaseInstance.execute(id));
    } catch (error) {
      if (error instanceof InstanceClaimedError) throw new ConflictException(error.message);
      return notFound(error);
    }
  }

  @Post('addon-instances\\:import')
  @Permission('addons:write')
  @ApiCreatedResponse({ type: AddonInstanceView, description: 'observe-only: never released for real' })
  @ApiConflictResponse({ description: 'an instance with this key exists' })
  async import(@Body(new ZodValidationPipe(importSchema)) body: z.infer<typeof importSchema>): Promise<AddonInstanceView> {
    try {
      return AddonInstanceView.of(await this.importInstance.execute(body));
    } catch (error) {
      if (error instanceof InstanceExistsError) throw new ConflictException(error.message);
      throw error;
    }
  }

  @Post('addon-instances/:id/grants')
  @Permission('addons:write')
  @HttpCode(204)
  @ApiNotFoundResponse()
  async grant(
    @Param('id', new ZodValidationPipe(idSchema)) id: string,
    @Body(new ZodValidationPipe(grantSchema)) body: z.infer<typeof grantSchema>,
  ): Promise<void> {
    await this.grantInstance.execute(id, body).catch(notFound);
  }
}

function notFound(error: unknown): never {
  if (error instanceof InstanceNotFoundError) throw new NotFoundException(error.message);
  throw error;
}
