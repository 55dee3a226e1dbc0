import { Module } from '@nestjs/common';
import { PluginPackageRepository } from './application/plugin-package.repository.js';
import { ListPluginPackagesUseCase } from './application/list-plugin-packages.use-case.js';
import { PluginPackageController } from './inbound/plugin-package.controller.js';
import { TypeOrmPluginPackageRepository } from './outbound/typeorm-plugin-package.repository.js';

@Module({
  controllers: [PluginPackageController],
  providers: [{ provide: PluginPackageRepository, useClass: TypeOrmPluginPackageRepository }, ListPluginPackagesUseCase],
})
export class PluginsModule {}
