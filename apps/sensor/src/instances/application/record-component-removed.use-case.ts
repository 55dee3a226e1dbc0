import { Inject, Injectable } from '@nestjs/common';
import { EventInbox } from '../../clusters/application/event-inbox.js';
import { type NodeRemoved, removeNode } from '../domain/component-instance.js';
import { ComponentInstanceRepository } from './component-instance.repository.js';

/** deploy.evt.component.removed.v1: a node's objects are gone; with its last node, the instance is forgotten. Once per event. */
@Injectable()
export class RecordComponentRemovedUseCase {
  constructor(
    @Inject(ComponentInstanceRepository) private readonly instances: ComponentInstanceRepository,
    @Inject(EventInbox) private readonly inbox: EventInbox,
  ) {}

  async execute(removed: NodeRemoved, event: { consumer: string; eventId: string }): Promise<{ applied: boolean }> {
    const outcome = await this.inbox.once(event.consumer, event.eventId, async (transaction) => {
      const current = await this.instances.lockOne(removed, transaction);
      if (current === undefined) return;
      const next = removeNode(current, removed);
      if (next === undefined) await this.instances.remove(removed, transaction);
      else if (next !== current) await this.instances.save(next, transaction);
    });
    return { applied: outcome.applied };
  }
}
