import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiPageQuery, type PageQuery, pageQuerySchema, pageViewOf, ZodValidationPipe } from '@appmanager/service-host';
import { ListAddonInstancesUseCase } from '../application/list-addon-instances.use-case.js';
import { AddonInstancePageView, AddonInstanceView } from './addon-instance.view.js';

@ApiTags('addon-instances')
@Controller('addon-instances')
export class AddonInstanceController {
  constructor(@Inject(ListAddonInstancesUseCase) private readonly listAddonInstances: ListAddonInstancesUseCase) {}

  @Get()
  @ApiPageQuery()
  @ApiOkResponse({ type: AddonInstancePageView, description: 'by namespace, type and name' })
  async list(@Query(new ZodValidationPipe(pageQuerySchema)) page: PageQuery): Promise<AddonInstancePageView> {
    const result = await this.listAddonInstances.execute(page);
    return pageViewOf(result, (row) => AddonInstanceView.of(row));
  }
}
