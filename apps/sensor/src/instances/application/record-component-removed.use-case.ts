import { Inject, Injectable } from '@nestjs/common';
import type { Transaction } from '../../clusters/application/cluster.repository.js';
import { type NodeRemoved, removeNode } from '../domain/component-instance.js';
import { ComponentInstanceRepository } from './component-instance.repository.js';

/** deploy.evt.component.removed.v1: a node's objects are gone; with its last node, the instance is forgotten. */
@Injectable()
export class RecordComponentRemovedUseCase {
  constructor(@Inject(ComponentInstanceRepository) private readonly instances: ComponentInstanceRepository) {}

  async execute(removed: NodeRemoved, transaction: Transaction): Promise<void> {
    const current = await this.instances.lockOne(removed, transaction);
    if (current === undefined) return;
    const next = removeNode(current, removed);
    if (next === undefined) await this.instances.remove(removed, transaction);
    else if (next !== current) await this.instances.save(next, transaction);
  }
}
