import { Module } from '@nestjs/common';
import { BuildConfigRepository } from './application/build-config.repository.js';
import { BuildConfigController } from './inbound/build-config.controller.js';
import { SqlBuildConfigRepository } from './outbound/sql-build-config.repository.js';

@Module({
  controllers: [BuildConfigController],
  providers: [{ provide: BuildConfigRepository, useClass: SqlBuildConfigRepository }],
  exports: [BuildConfigRepository],
})
export class BuildConfigsModule {}
