import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  type appInstanceDeletedEvent,
  type applyAddonInstanceCommand,
  type CloudEvent,
  consumers,
  type ContractData,
} from '@appmanager/contracts';
import { type JetStreamContext, JetStreamEventPattern } from '@appmanager/messaging';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { ApplyAddonInstanceUseCase } from '../application/apply-addon-instance.use-case.js';
import { ReleaseAppInstanceClaimsUseCase } from '../application/release-app-instance-claims.use-case.js';

/** addon.cmd.instance.apply.v1 → the instance, claimed, answered ready or failed (never a secret in the log line). */
@Controller()
export class ApplyAddonInstanceHandler {
  constructor(
    @Inject(ApplyAddonInstanceUseCase) private readonly apply: ApplyAddonInstanceUseCase,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  @JetStreamEventPattern(consumers.addonApplyInstance)
  async handle(@Payload() event: CloudEvent<ContractData<typeof applyAddonInstanceCommand>>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const result = await this.apply.execute(event.data, event.id, ctx.getDurable());
    const { requestId, addonType, addonName, cluster, namespace } = event.data;
    this.logger.info(
      { eventId: event.id, requestId, addonType, addonName, cluster, namespace, outcome: result.outcome ?? 'already handled' },
      'add-on apply command handled',
    );
  }
}

/** deploy.evt.app-instance.deleted.v1 → the app instance's claims go; instances left unclaimed are released. */
@Controller()
export class AppInstanceDeletedHandler {
  constructor(
    @Inject(ReleaseAppInstanceClaimsUseCase) private readonly releaseClaims: ReleaseAppInstanceClaimsUseCase,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  @JetStreamEventPattern(consumers.addonAppInstanceDeleted)
  async handle(@Payload() event: CloudEvent<ContractData<typeof appInstanceDeletedEvent>>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const { appId, cluster, namespace } = event.data;
    const result = await this.releaseClaims.execute({ appId, cluster, namespace }, event.id, ctx.getDurable());
    this.logger.info(
      { eventId: event.id, appId, cluster, namespace, released: result.released, applied: result.applied },
      'app instance claims released',
    );
  }
}
