import { Permission } from '@appmanager/service-host';
import { Controller, Delete, Get, HttpCode, Inject, Param, Put, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PluginUsageUseCase } from '../application/plugin-usage.use-case.js';
import { RegistryErrorsInterceptor } from './registry-errors.interceptor.js';

/**
 * Who uses a version. The deploy service records `deploy:deployment/<id>` when a deployment resolves
 * a definition and releases it when the deployment is gone; a version in use is not deleted unless forced.
 * The consumer is one path segment: encode a `/` in it as %2F.
 */
@ApiTags('plugins')
@Controller('plugins/:name/:version/usages')
@UseInterceptors(RegistryErrorsInterceptor)
export class PluginUsageController {
  constructor(@Inject(PluginUsageUseCase) private readonly usages: PluginUsageUseCase) {}

  @Get()
  @Permission('plugins:read')
  @ApiOkResponse({ schema: { type: 'object', properties: { consumers: { type: 'array', items: { type: 'string' } } } } })
  async list(@Param('name') name: string, @Param('version') version: string): Promise<{ consumers: string[] }> {
    return { consumers: await this.usages.list(name, version) };
  }

  @Put(':consumer')
  @Permission('plugins:use')
  @HttpCode(204)
  async record(@Param('name') name: string, @Param('version') version: string, @Param('consumer') consumer: string): Promise<void> {
    await this.usages.record(name, version, consumer);
  }

  @Delete(':consumer')
  @Permission('plugins:use')
  @HttpCode(204)
  async release(@Param('name') name: string, @Param('version') version: string, @Param('consumer') consumer: string): Promise<void> {
    await this.usages.release(name, version, consumer);
  }
}
