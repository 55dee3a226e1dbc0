import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  type addonInstanceFailedEvent,
  type addonInstanceReadyEvent,
  type CloudEvent,
  consumers,
  type ContractData,
} from '@appmanager/contracts';
import { JetStreamEventPattern } from '@appmanager/messaging';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { AddonReplies } from '../application/addon-replies.js';

/** addon.evt.instance.ready|failed.v1 → the answer an add-on node waits for, kept by request id. */
@Controller()
export class AddonReplyHandlers {
  constructor(
    @Inject(AddonReplies) private readonly replies: AddonReplies,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  @JetStreamEventPattern(consumers.deployAddonInstanceReady)
  async ready(@Payload() event: CloudEvent<ContractData<typeof addonInstanceReadyEvent>>): Promise<void> {
    const { requestId, instanceId, outputs, secret } = event.data;
    await this.replies.record(requestId, { outcome: 'ready', instanceId, outputs, secret: secret ?? null });
    this.logger.info({ requestId, instanceId, deploymentId: event.data.deploymentId }, 'add-on instance ready for a node');
  }

  @JetStreamEventPattern(consumers.deployAddonInstanceFailed)
  async failed(@Payload() event: CloudEvent<ContractData<typeof addonInstanceFailedEvent>>): Promise<void> {
    const { requestId, reason } = event.data;
    await this.replies.record(requestId, { outcome: 'failed', reason });
    this.logger.warn({ requestId, deploymentId: event.data.deploymentId, reason }, 'add-on instance failed for a node');
  }
}
