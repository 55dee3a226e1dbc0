import { Module } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { NATS_CONNECTION, SERVICE_CONFIG } from '@appmanager/service-host';
import { z } from 'zod';
import { AppPackageSource } from './application/app-package.source.js';
import { ResolveAppPackagesUseCase } from './application/resolve-app-packages.use-case.js';
import { NatsAppPackageSource } from './outbound/nats-app-package.source.js';

/** How long deploy waits for the build service to resolve an app package before answering 503. */
const appPackagesConfigSchema = z.object({ APP_PACKAGE_RESOLVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000) });

/** App packages, as the build service keeps them: deploy asks for the components a configuration takes from one. */
@Module({
  providers: [
    {
      provide: AppPackageSource,
      useFactory: (config: Record<string, unknown>, nats?: NatsConnection) =>
        new NatsAppPackageSource(nats, appPackagesConfigSchema.parse(config).APP_PACKAGE_RESOLVE_TIMEOUT_MS),
      inject: [SERVICE_CONFIG, { token: NATS_CONNECTION, optional: true }],
    },
    ResolveAppPackagesUseCase,
  ],
  exports: [ResolveAppPackagesUseCase],
})
export class AppPackagesModule {}
