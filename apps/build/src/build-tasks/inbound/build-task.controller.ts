import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiPageQuery, type PageQuery, pageQuerySchema, pageViewOf, ZodValidationPipe } from '@appmanager/service-host';
import { ListBuildTasksUseCase } from '../application/list-build-tasks.use-case.js';
import { BuildTaskPageView, BuildTaskView } from './build-task.view.js';

@ApiTags('build-tasks')
@Controller('build-tasks')
export class BuildTaskController {
  constructor(@Inject(ListBuildTasksUseCase) private readonly listBuildTasks: ListBuildTasksUseCase) {}

  @Get()
  @ApiPageQuery()
  @ApiOkResponse({ type: BuildTaskPageView, description: 'newest first' })
  async list(@Query(new ZodValidationPipe(pageQuerySchema)) page: PageQuery): Promise<BuildTaskPageView> {
    const result = await this.listBuildTasks.execute(page);
    return pageViewOf(result, (row) => BuildTaskView.of(row));
  }
}
