import { Module } from '@nestjs/common';
import { ArchiveStore } from './application/archive.store.js';
import { DeletePluginVersionUseCase } from './application/delete-plugin-version.use-case.js';
import { DownloadArchiveUseCase } from './application/download-archive.use-case.js';
import { DryRunDefinitionUseCase } from './application/dry-run-definition.use-case.js';
import { GetPluginUseCase } from './application/get-plugin.use-case.js';
import { InstallBuiltinPluginsUseCase } from './application/install-builtin-plugins.use-case.js';
import { ListPluginPackagesUseCase } from './application/list-plugin-packages.use-case.js';
import { PluginPackageRepository } from './application/plugin-package.repository.js';
import { PluginUsageUseCase } from './application/plugin-usage.use-case.js';
import { ResolveDefinitionUseCase } from './application/resolve-definition.use-case.js';
import { ScriptChecker } from './application/script.checker.js';
import { SetPluginEnabledUseCase } from './application/set-plugin-enabled.use-case.js';
import { UploadPluginUseCase } from './application/upload-plugin.use-case.js';
import { BuiltinPluginsInstaller } from './inbound/builtin-plugins.installer.js';
import { DefinitionController } from './inbound/definition.controller.js';
import { PluginPackageController } from './inbound/plugin-package.controller.js';
import { PluginUsageController } from './inbound/plugin-usage.controller.js';
import { PluginStreamInitializer } from './outbound/plugin-stream.initializer.js';
import { InstallPermission } from './inbound/install-permission.js';
import { QuickJsScriptChecker } from './outbound/quickjs-script.checker.js';
import { S3ArchiveStore } from './outbound/s3-archive.store.js';
import { TypeOrmPluginPackageRepository } from './outbound/typeorm-plugin-package.repository.js';

@Module({
  // usages before the package controller, so /:name/:version/usages is not taken for something else
  controllers: [PluginUsageController, DefinitionController, PluginPackageController],
  providers: [
    { provide: PluginPackageRepository, useClass: TypeOrmPluginPackageRepository },
    { provide: ArchiveStore, useClass: S3ArchiveStore },
    { provide: ScriptChecker, useClass: QuickJsScriptChecker },
    ListPluginPackagesUseCase,
    UploadPluginUseCase,
    GetPluginUseCase,
    DownloadArchiveUseCase,
    SetPluginEnabledUseCase,
    DeletePluginVersionUseCase,
    PluginUsageUseCase,
    ResolveDefinitionUseCase,
    DryRunDefinitionUseCase,
    InstallBuiltinPluginsUseCase,
    InstallPermission,
    PluginStreamInitializer,
    BuiltinPluginsInstaller,
  ],
})
export class PluginsModule {}
