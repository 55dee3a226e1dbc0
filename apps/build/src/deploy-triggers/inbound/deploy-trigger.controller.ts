import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Put,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe, Permission } from '@appmanager/service-host';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DeployTriggerRepository, type DeployTrigger } from '../application/deploy-trigger.repository.js';

const name = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a DNS label');
const triggerSchema = z.object({
  /** Off by default: a trigger is written first, then switched on. */
  enabled: z.boolean().default(false),
  configuration: z.string().min(1).max(1_000_000),
  target: z.object({ unit: name.optional(), cluster: name.optional(), namespace: name.optional() }).default({}),
});

const view = (t: DeployTrigger) => ({ ...t, updatedAt: t.updatedAt.toISOString() });

/** Per app and stage: launch a deployment of each newly built app package (off by default). */
@ApiTags('deploy-triggers')
@Controller('apps/:appId/deploy-triggers')
export class DeployTriggerController {
  constructor(@Inject(DeployTriggerRepository) private readonly triggers: DeployTriggerRepository) {}

  @Get()
  @Permission('deploy-triggers:read')
  @ApiOkResponse({ description: "the app's triggers, one per stage" })
  async list(@Param('appId') appId: string): Promise<{ items: unknown[] }> {
    return { items: (await this.triggers.list(appId)).map(view) };
  }

  @Put(':stage')
  @Permission('deploy-triggers:write')
  @ApiOkResponse({ description: 'stored' })
  async put(
    @Param('appId') appId: string,
    @Param('stage', new ZodValidationPipe(name)) stage: string,
    @Body(new ZodValidationPipe(triggerSchema)) body: z.infer<typeof triggerSchema>,
  ): Promise<unknown> {
    let doc: unknown;
    try {
      doc = parseYaml(body.configuration);
    } catch (error) {
      throw new UnprocessableEntityException(`configuration: not YAML: ${(error as Error).message.split('\n')[0]}`);
    }
    if ((doc as { kind?: unknown } | null)?.kind !== 'ApplicationConfiguration')
      throw new UnprocessableEntityException('configuration: expected an ApplicationConfiguration (its components taken from the package)');
    return view(await this.triggers.put({ appId, stage, ...body }));
  }

  @Delete(':stage')
  @Permission('deploy-triggers:write')
  @HttpCode(204)
  async delete(@Param('appId') appId: string, @Param('stage') stage: string): Promise<void> {
    if (!(await this.triggers.delete(appId, stage))) throw new NotFoundException(`no trigger for ${appId} on ${stage}`);
  }
}
