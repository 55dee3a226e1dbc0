import { Module } from '@nestjs/common';
import { AppPackageQueriesUseCase } from './application/app-package-queries.use-case.js';
import { ImportAppPackageUseCase } from './application/import-app-package.use-case.js';
import { PackageEvents } from './application/package.events.js';
import { PackageRepository } from './application/package.repository.js';
import { PackageStore } from './application/package.store.js';
import { ResolveAppPackageUseCase } from './application/resolve-app-package.use-case.js';
import { AppPackageController } from './inbound/app-package.controller.js';
import { ResolveAppPackageResponder } from './inbound/resolve-app-package.responder.js';
import { OutboxPackageEvents } from './outbound/outbox.package-events.js';
import { S3PackageStore } from './outbound/s3-package.store.js';
import { SqlPackageRepository } from './outbound/sql-package.repository.js';

@Module({
  controllers: [AppPackageController],
  providers: [
    { provide: PackageRepository, useClass: SqlPackageRepository },
    { provide: PackageStore, useClass: S3PackageStore },
    { provide: PackageEvents, useClass: OutboxPackageEvents },
    ImportAppPackageUseCase,
    AppPackageQueriesUseCase,
    ResolveAppPackageUseCase,
    ResolveAppPackageResponder,
  ],
  exports: [PackageRepository, PackageStore, PackageEvents],
})
export class PackagesModule {}
