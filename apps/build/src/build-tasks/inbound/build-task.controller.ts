import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type PageQuery, pageQuerySchema, ZodValidationPipe } from '@appmanager/service-host';
import { ListBuildTasksUseCase } from '../application/list-build-tasks.use-case.js';
import { BuildTaskPageView, BuildTaskView } from './build-task.view.js';

@ApiTags('build-tasks')
@Controller('build-tasks')
export class BuildTaskController {
  constructor(@Inject(ListBuildTasksUseCase) private readonly listBuildTasks: ListBuildTasksUseCase) {}

  @Get()
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  @ApiOkResponse({ type: BuildTaskPageView, description: 'newest first' })
  async list(@Query(new ZodValidationPipe(pageQuerySchema)) page: PageQuery): Promise<BuildTaskPageView> {
    const result = await this.listBuildTasks.execute(page);
    return { ...result, items: result.items.map((row) => BuildTaskView.of(row)) };
  }
}
