import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CloudEvent, type componentAppliedEvent, consumers, type ContractData } from '@appmanager/contracts';
import { type JetStreamContext, JetStreamEventPattern } from '@appmanager/messaging';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { RecordComponentAppliedUseCase } from '../application/record-component-applied.use-case.js';

type Applied = ContractData<typeof componentAppliedEvent>;

/** deploy.evt.component.applied.v1 → the component instance it belongs to, once (inbox). */
@Controller()
export class ComponentAppliedHandler {
  constructor(
    @Inject(RecordComponentAppliedUseCase) private readonly recordApplied: RecordComponentAppliedUseCase,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  @JetStreamEventPattern(consumers.sensorComponentApplied)
  async handle(@Payload() event: CloudEvent<Applied>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const { data } = event;
    const outcome = await this.recordApplied.execute(
      {
        appId: data.appId,
        stage: data.stage ?? '',
        cluster: data.cluster,
        namespace: data.namespace,
        component: data.component,
        unit: data.unit,
        node: data.node,
        componentType: data.componentType,
        version: data.version,
        deploymentId: data.deploymentId,
        objects: data.objects,
        ...(data.status || data.traits ? { sensing: { ...(data.status ? { status: data.status } : {}), traits: data.traits ?? [] } } : {}),
        appliedAt: new Date(data.appliedAt),
      },
      { consumer: ctx.getDurable(), eventId: event.id },
    );
    this.logger.info(
      { eventId: event.id, appId: data.appId, cluster: data.cluster, node: data.node, applied: outcome.applied, durable: ctx.getDurable() },
      outcome.applied ? 'component node applied: inventory updated' : 'component applied event already recorded; skipped',
    );
  }
}
