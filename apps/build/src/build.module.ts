import { Module } from '@nestjs/common';
import { BuildTasksModule } from './build-tasks/build-tasks.module.js';

@Module({ imports: [BuildTasksModule] })
export class BuildModule {}
