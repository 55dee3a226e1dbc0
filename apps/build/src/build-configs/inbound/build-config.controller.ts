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
import type { z } from 'zod';
import { BuildOptionsError, buildPlanOf } from '../domain/build-plan.js';
import { BuildConfigRepository } from '../application/build-config.repository.js';
import { binderInputSchema, binderPathSchema } from './binder.schema.js';

type Binder = z.infer<typeof binderInputSchema>;

/** Per component of an app: how it is built. Checked on the way in, so a task never starts from options that cannot work. */
@ApiTags('build-configs')
@Controller('apps/:appId/build-configs')
export class BuildConfigController {
  constructor(@Inject(BuildConfigRepository) private readonly configs: BuildConfigRepository) {}

  @Get()
  @Permission('build-configs:read')
  @ApiOkResponse({ description: "the app's build configurations (ComponentBinder per component)" })
  async list(@Param('appId') appId: string): Promise<{ items: unknown[] }> {
    return { items: (await this.configs.list(appId)).map((c) => ({ ...c.binder, updatedAt: c.updatedAt.toISOString() })) };
  }

  @Put(':componentType/:componentName')
  @Permission('build-configs:write')
  @ApiOkResponse({ description: 'stored; the body is a ComponentBinder' })
  async put(
    @Param('appId') appId: string,
    @Param('componentType', new ZodValidationPipe(binderPathSchema.componentType)) componentType: string,
    @Param('componentName', new ZodValidationPipe(binderPathSchema.componentName)) componentName: string,
    @Body(new ZodValidationPipe(binderInputSchema)) body: Binder,
  ): Promise<unknown> {
    const binder = { ...body, componentType, componentName };
    try {
      buildPlanOf(appId, binder, 'registry.invalid');
    } catch (error) {
      if (error instanceof BuildOptionsError) throw new UnprocessableEntityException(error.message);
      throw error;
    }
    const stored = await this.configs.put(appId, binder);
    return { ...stored.binder, updatedAt: stored.updatedAt.toISOString() };
  }

  @Get(':componentType/:componentName')
  @Permission('build-configs:read')
  async get(@Param('appId') appId: string, @Param('componentType') type: string, @Param('componentName') name: string): Promise<unknown> {
    const found = await this.configs.get(appId, type, name);
    if (!found) throw new NotFoundException(`no build configuration for ${type}|${name} of "${appId}"`);
    return { ...found.binder, updatedAt: found.updatedAt.toISOString() };
  }

  @Delete(':componentType/:componentName')
  @Permission('build-configs:write')
  @HttpCode(204)
  async delete(@Param('appId') appId: string, @Param('componentType') type: string, @Param('componentName') name: string): Promise<void> {
    if (!(await this.configs.delete(appId, type, name)))
      throw new NotFoundException(`no build configuration for ${type}|${name} of "${appId}"`);
  }
}
