import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { pageQuerySchema, ZodValidationPipe, Permission } from '@appmanager/service-host';
import { z } from 'zod';
import { ListComponentInstancesUseCase } from '../application/list-component-instances.use-case.js';
import { ComponentInstancePageView, ComponentInstanceView } from './component-instance.view.js';

const filterValue = z.string().min(1).max(253).optional();
const componentInstanceQuerySchema = pageQuerySchema.extend({ appId: filterValue, stage: filterValue, cluster: filterValue });

@ApiTags('component-instances')
@Controller('component-instances')
export class ComponentInstanceController {
  constructor(@Inject(ListComponentInstancesUseCase) private readonly listInstances: ListComponentInstancesUseCase) {}

  @Get()
  @Permission('app-instances:read', undefined, { listsApps: true })
  @ApiQuery({ name: 'appId', required: false, description: "only this application's instances" })
  @ApiQuery({ name: 'stage', required: false, description: "only this stage's instances" })
  @ApiQuery({ name: 'cluster', required: false, description: 'only the instances on this cluster' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  @ApiOkResponse({ type: ComponentInstancePageView, description: 'the component instances deploy reported applied, with what it applied' })
  async list(
    @Query(new ZodValidationPipe(componentInstanceQuerySchema)) query: z.infer<typeof componentInstanceQuerySchema>,
  ): Promise<ComponentInstancePageView> {
    const { appId, stage, cluster, ...page } = query;
    const result = await this.listInstances.execute({ appId, stage, cluster }, page);
    return { ...result, ...page, items: result.items.map((instance) => ComponentInstanceView.of(instance)) };
  }
}
