import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type PageQuery, pageQuerySchema, ZodValidationPipe } from '@appmanager/service-host';
import { ListAddonInstancesUseCase } from '../application/list-addon-instances.use-case.js';
import { AddonInstancePageView, AddonInstanceView } from './addon-instance.view.js';

@ApiTags('addon-instances')
@Controller('addon-instances')
export class AddonInstanceController {
  constructor(@Inject(ListAddonInstancesUseCase) private readonly listAddonInstances: ListAddonInstancesUseCase) {}

  @Get()
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  @ApiOkResponse({ type: AddonInstancePageView, description: 'by namespace, type and name' })
  async list(@Query(new ZodValidationPipe(pageQuerySchema)) page: PageQuery): Promise<AddonInstancePageView> {
    const result = await this.listAddonInstances.execute(page);
    return { ...result, items: result.items.map((row) => AddonInstanceView.of(row)) };
  }
}
