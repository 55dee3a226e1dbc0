import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type PageQuery, pageQuerySchema, ZodValidationPipe } from '@appmanager/service-host';
import { ListPluginPackagesUseCase } from '../application/list-plugin-packages.use-case.js';
import { PluginPackagePageView, PluginPackageView } from './plugin-package.view.js';

@ApiTags('plugins')
@Controller('plugins')
export class PluginPackageController {
  constructor(@Inject(ListPluginPackagesUseCase) private readonly listPluginPackages: ListPluginPackagesUseCase) {}

  @Get()
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  @ApiOkResponse({ type: PluginPackagePageView, description: 'by name, newest version first' })
  async list(@Query(new ZodValidationPipe(pageQuerySchema)) page: PageQuery): Promise<PluginPackagePageView> {
    const result = await this.listPluginPackages.execute(page);
    return { ...result, items: result.items.map((row) => PluginPackageView.of(row)) };
  }
}
