import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { resolveAppPackageRequest, resolveAppPackageRequestSchema, type resolveAppPackageReplySchema } from '@appmanager/contracts';
import { NATS_CONNECTION, SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import type { z } from 'zod';
import { PackageNotFoundError } from '../application/package.errors.js';
import { PackageStoreUnavailableError } from '../application/package.store.js';
import { ResolveAppPackageUseCase } from '../application/resolve-app-package.use-case.js';

type Reply = z.infer<typeof resolveAppPackageReplySchema>;

/** Answers build.rpc.app-package-resolve.v1 on core NATS, one replica of the queue group per request; always answers. */
@Injectable()
export class ResolveAppPackageResponder implements OnApplicationBootstrap, OnModuleDestroy {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
    @Inject(ResolveAppPackageUseCase) private readonly resolve: ResolveAppPackageUseCase,
  ) {}

  onApplicationBootstrap(): void {
    const { subject, queueGroup } = resolveAppPackageRequest;
    this.subscription = this.nats.subscribe(subject, { queue: queueGroup, callback: (_error, msg) => void this.answer(msg) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.drain().catch(() => undefined);
  }

  private async answer(msg: Msg): Promise<void> {
    msg.respond(JSON.stringify(await this.replyTo(msg.data)));
  }

  private async replyTo(data: Uint8Array): Promise<Reply> {
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder().decode(data));
    } catch {
      return { error: { code: 'malformed', message: 'the request is not JSON' } };
    }
    const parsed = resolveAppPackageRequestSchema.safeParse(raw);
    if (!parsed.success)
      return {
        error: {
          code: 'malformed',
          message: parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; '),
        },
      };
    try {
      return await this.resolve.execute(parsed.data);
    } catch (error) {
      if (error instanceof PackageNotFoundError) return { error: { code: 'not-found', message: error.message } };
      if (!(error instanceof PackageStoreUnavailableError)) this.logger.error({ err: error }, 'app package resolution failed');
      return { error: { code: 'unavailable', message: 'the build service could not read its package store; try again' } };
    }
  }
}
