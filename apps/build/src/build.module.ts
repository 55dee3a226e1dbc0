import { Module } from '@nestjs/common';
import { BuildConfigsModule } from './build-configs/build-configs.module.js';
import { DeployTriggersModule } from './deploy-triggers/deploy-triggers.module.js';
import { PackageTasksModule } from './package-tasks/package-tasks.module.js';
import { PackagesModule } from './packages/packages.module.js';

@Module({ imports: [PackagesModule, BuildConfigsModule, DeployTriggersModule, PackageTasksModule] })
export class BuildModule {}
