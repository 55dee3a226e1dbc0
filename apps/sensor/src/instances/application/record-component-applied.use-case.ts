import { Inject, Injectable } from '@nestjs/common';
import { EventInbox } from '../../clusters/application/event-inbox.js';
import { applyNode, type NodeApplied } from '../domain/component-instance.js';
import { ComponentInstanceRepository } from './component-instance.repository.js';

/** deploy.evt.component.applied.v1: a node's objects are on the cluster; the instance is (still) to be watched. Once per event. */
@Injectable()
export class RecordComponentAppliedUseCase {
  constructor(
    @Inject(ComponentInstanceRepository) private readonly instances: ComponentInstanceRepository,
    @Inject(EventInbox) private readonly inbox: EventInbox,
  ) {}

  async execute(applied: NodeApplied, event: { consumer: string; eventId: string }): Promise<{ applied: boolean }> {
    const outcome = await this.inbox.once(event.consumer, event.eventId, async (transaction) => {
      const current = await this.instances.lockOne(applied, transaction);
      const next = applyNode(current, applied);
      if (next !== current) await this.instances.save(next, transaction);
    });
    return { applied: outcome.applied };
  }
}
