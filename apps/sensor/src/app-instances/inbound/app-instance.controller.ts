import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiParam, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { pageQuerySchema, ZodValidationPipe, Permission } from '@appmanager/service-host';
import { z } from 'zod';
import { ListComponentInstancesUseCase } from '../../instances/application/list-component-instances.use-case.js';
import { appInstanceStatuses } from '../../instances/domain/instance-status.js';
import { ComponentInstanceView } from '../../instances/inbound/component-instance.view.js';
import { type AppInstance, AppInstanceStore } from '../application/app-instance.store.js';

const filterValue = z.string().min(1).max(253).optional();
const listQuery = pageQuerySchema.extend({
  appId: filterValue,
  stage: filterValue,
  cluster: filterValue,
  status: z.enum(appInstanceStatuses).optional(),
});
const oneQuery = z.object({ stage: z.string().max(253).default(''), history: z.coerce.number().int().min(0).max(1000).default(50) });

export class AppInstanceView {
  @ApiProperty() appId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null when deployed without a stage' }) stage!: string | null;
  @ApiProperty() cluster!: string;
  @ApiProperty() namespace!: string;
  @ApiProperty({ enum: appInstanceStatuses, description: "AppManager's aggregation of its component instances' statuses" })
  status!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: '`TYPE|NAME` → status' })
  components!: Record<string, string>;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static of(instance: AppInstance): AppInstanceView {
    const { createdAt: _created, updatedAt, stage, ...rest } = instance;
    return Object.assign(new AppInstanceView(), { ...rest, stage: stage === '' ? null : stage, updatedAt: updatedAt.toISOString() });
  }
}

export class AppInstancePageView {
  @ApiProperty({ type: [AppInstanceView] }) items!: AppInstanceView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class HistoryEntryView {
  @ApiProperty({ description: '`app`, or the component `TYPE|NAME`' }) subject!: string;
  @ApiProperty() status!: string;
  @ApiProperty() previousStatus!: string;
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class AppInstanceDetailView extends AppInstanceView {
  @ApiProperty({ type: [ComponentInstanceView] }) componentInstances!: ComponentInstanceView[];
  @ApiProperty({ type: [HistoryEntryView], description: 'status changes of the app and its components, newest first' })
  history!: HistoryEntryView[];
}

@ApiTags('app-instances')
@Controller('app-instances')
export class AppInstanceController {
  constructor(
    @Inject(AppInstanceStore) private readonly store: AppInstanceStore,
    @Inject(ListComponentInstancesUseCase) private readonly components: ListComponentInstancesUseCase,
  ) {}

  @Get()
  @Permission('app-instances:read', undefined, { listsApps: true })
  @ApiQuery({ name: 'appId', required: false })
  @ApiQuery({ name: 'stage', required: false })
  @ApiQuery({ name: 'cluster', required: false })
  @ApiQuery({ name: 'status', required: false, enum: appInstanceStatuses })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  @ApiOkResponse({ type: AppInstancePageView })
  async list(@Query(new ZodValidationPipe(listQuery)) query: z.infer<typeof listQuery>): Promise<AppInstancePageView> {
    const { appId, stage, cluster, status, ...page } = query;
    const result = await this.store.list({ appId, stage, cluster, status }, page);
    return { ...result, ...page, items: result.items.map((instance) => AppInstanceView.of(instance)) };
  }

  @Get(':appId/:cluster/:namespace')
  @Permission('app-instances:read')
  @ApiParam({ name: 'appId' })
  @ApiParam({ name: 'cluster' })
  @ApiParam({ name: 'namespace' })
  @ApiQuery({ name: 'stage', required: false, description: "the stage ('' or absent: deployed without one)" })
  @ApiQuery({ name: 'history', required: false, schema: { type: 'integer', minimum: 0, maximum: 1000, default: 50 } })
  @ApiOkResponse({ type: AppInstanceDetailView })
  async one(
    @Param('appId') appId: string,
    @Param('cluster') cluster: string,
    @Param('namespace') namespace: string,
    @Query(new ZodValidationPipe(oneQuery)) query: z.infer<typeof oneQuery>,
  ): Promise<AppInstanceDetailView> {
    const key = { appId, stage: query.stage, cluster, namespace };
    const instance = await this.store.get(key);
    if (!instance)
      throw new NotFoundException(
        `no app instance of "${appId}" on ${cluster}/${namespace}${query.stage ? ` at stage "${query.stage}"` : ''}`,
      );
    const components = await this.components.execute({ appId, stage: query.stage, cluster }, { limit: 500, offset: 0 });
    const history = await this.store.history(key, query.history);
    return Object.assign(new AppInstanceDetailView(), AppInstanceView.of(instance), {
      componentInstances: components.items.filter((c) => c.namespace === namespace).map((c) => ComponentInstanceView.of(c)),
      history: history.map((h) => ({ ...h, at: h.at.toISOString() })),
    });
  }
}
