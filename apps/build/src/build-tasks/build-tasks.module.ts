import { Module } from '@nestjs/common';
import { BuildTaskRepository } from './application/build-task.repository.js';
import { ListBuildTasksUseCase } from './application/list-build-tasks.use-case.js';
import { BuildTaskController } from './inbound/build-task.controller.js';
import { TypeOrmBuildTaskRepository } from './outbound/typeorm-build-task.repository.js';

@Module({
  controllers: [BuildTaskController],
  providers: [{ provide: BuildTaskRepository, useClass: TypeOrmBuildTaskRepository }, ListBuildTasksUseCase],
})
export class BuildTasksModule {}
