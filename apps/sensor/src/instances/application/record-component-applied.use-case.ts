import { Inject, Injectable } from '@nestjs/common';
import type { Transaction } from '../../clusters/application/cluster.repository.js';
import { applyNode, type NodeApplied } from '../domain/component-instance.js';
import { ComponentInstanceRepository } from './component-instance.repository.js';

/** deploy.evt.component.applied.v1: a node's objects are on the cluster; the instance is (still) to be watched. */
@Injectable()
export class RecordComponentAppliedUseCase {
  constructor(@Inject(ComponentInstanceRepository) private readonly instances: ComponentInstanceRepository) {}

  async execute(applied: NodeApplied, transaction: Transaction): Promise<void> {
    const current = await this.instances.lockOne(applied, transaction);
    const next = applyNode(current, applied);
    if (next !== current) await this.instances.save(next, transaction);
  }
}
