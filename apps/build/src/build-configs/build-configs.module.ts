import { Module } from '@nestjs/common';
import { BuildConfigRepository } from './application/build-config.repository.js';
import { PackagesModule } from '../packages/packages.module.js';
import { BuildConfigController } from './inbound/build-config.controller.js';
import { BuildContextController } from './inbound/build-context.controller.js';
import { SqlBuildConfigRepository } from './outbound/sql-build-config.repository.js';

@Module({
  imports: [PackagesModule],
  controllers: [BuildConfigController, BuildContextController],
  providers: [{ provide: BuildConfigRepository, useClass: SqlBuildConfigRepository }],
  exports: [BuildConfigRepository],
})
export class BuildConfigsModule {}
